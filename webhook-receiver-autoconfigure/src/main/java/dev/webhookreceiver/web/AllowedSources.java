package dev.webhookreceiver.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The senders an endpoint accepts deliveries from, by address: a list of CIDR blocks, IPv4
 * ({@code 192.30.252.0/22}) and IPv6 ({@code 2a0a:a440::/29}), or single addresses. Matching
 * never looks a name up in DNS: only address literals are parsed, and an address that is not
 * one is outside every block.
 */
public final class AllowedSources {

	/** Every sender, for an endpoint without {@code allowed-sources}. */
	public static final AllowedSources ANY = new AllowedSources(List.of());

	/** An IPv4 address literal; an IPv6 one has a colon. Nothing else may reach DNS. */
	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	/** What an IPv6 address literal is made of (with an IPv4 tail, perhaps). */
	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final List<Block> blocks;

	private AllowedSources(List<Block> blocks) {
		this.blocks = List.copyOf(blocks);
	}

	/**
	 * Parses a list of CIDR blocks.
	 * @param cidrs the blocks, such as {@code 192.30.252.0/22}, {@code 2a0a:a440::/29} or a
	 * single address
	 * @return the allowed sources, {@link #ANY} for an empty list
	 * @throws IllegalArgumentException naming the first entry that is not a CIDR block
	 */
	public static AllowedSources of(List<String> cidrs) {
		if (cidrs.isEmpty()) {
			return ANY;
		}
		List<Block> blocks = new ArrayList<>();
		for (int i = 0; i < cidrs.size(); i++) {
			Block block = Block.parse(cidrs.get(i).strip());
			if (block == null) {
				throw new IllegalArgumentException("[" + i + "] '" + cidrs.get(i) + "' is not a CIDR block");
			}
			blocks.add(block);
		}
		return new AllowedSources(blocks);
	}

	/**
	 * Whether every sender is allowed.
	 * @return whether no block is configured
	 */
	public boolean any() {
		return this.blocks.isEmpty();
	}

	/**
	 * Whether a sender's address is in one of the blocks.
	 * @param remoteAddress the address the request came from, as the servlet container gives it
	 * (after applying forwarded headers where they are enabled)
	 * @return whether the sender is allowed
	 */
	public boolean allows(@Nullable String remoteAddress) {
		if (this.blocks.isEmpty()) {
			return true;
		}
		byte[] address = (remoteAddress != null) ? address(remoteAddress) : null;
		if (address == null) {
			return false;
		}
		for (Block block : this.blocks) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.blocks.toString();
	}

	/**
	 * The bytes of an address literal, an IPv4-mapped IPv6 address as IPv4.
	 */
	private static byte @Nullable [] address(String text) {
		String literal = text;
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		int zone = literal.indexOf('%');
		if (zone != -1) {
			literal = literal.substring(0, zone);
		}
		if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
			return null;
		}
		try {
			return InetAddress.getByName(literal).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/**
	 * One CIDR block.
	 *
	 * @param network the block's address
	 * @param prefixLength how many leading bits an address must share with it
	 * @param text the block as configured
	 */
	private record Block(byte[] network, int prefixLength, String text) {

		static @Nullable Block parse(String text) {
			int slash = text.indexOf('/');
			byte[] network = address((slash != -1) ? text.substring(0, slash) : text);
			if (network == null) {
				return null;
			}
			int prefixLength = network.length * 8;
			if (slash != -1) {
				String length = text.substring(slash + 1);
				if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
					return null;
				}
				prefixLength = Integer.parseInt(length);
				if (prefixLength > network.length * 8) {
					return null;
				}
			}
			return new Block(network, prefixLength, text);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int fullBytes = this.prefixLength / 8;
			for (int i = 0; i < fullBytes; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int remainingBits = this.prefixLength % 8;
			if (remainingBits == 0) {
				return true;
			}
			int mask = (0xFF << (8 - remainingBits)) & 0xFF;
			return (address[fullBytes] & mask) == (this.network[fullBytes] & mask);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
