package dev.webhookreceiver.test.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

import dev.webhookreceiver.test.Ed25519Keys;
import dev.webhookreceiver.test.HmacSettings;
import dev.webhookreceiver.test.SignedDelivery;
import dev.webhookreceiver.test.WebhookSigner;
import dev.webhookreceiver.test.WebhookSigners;

/**
 * Signs a delivery as a provider does and sends it to a running application, then prints the
 * answer's status line, the headers of interest and its body:
 * <pre>
 * java -jar webhook-receiver-test-cli.jar send --provider github --secret dev-only-github-secret \
 *     --event issues --body issue.json http://localhost:8080/webhooks/github
 * </pre>
 * The exit status is 0 for a {@code 2xx} answer, 1 for another answer, 2 for a usage error and
 * 3 when the application cannot be reached.
 */
public final class Send {

	private static final String USAGE = """
			Usage: send --provider <provider> --secret <secret> [options] <url>

			Signs a delivery as <provider> does and POSTs it to <url>, then prints the answer.

			  --provider <name>        github, stripe, slack, shopify, standard-webhooks, svix, twilio,
			                           gitlab, paddle, square, linear, zoom, discord or hmac
			  --secret <secret>        the endpoint's secret (Twilio: the auth token; Square: the signature
			                           key; Standard Webhooks: whsec_... or a whsk_... signing key;
			                           Discord: the private key's 32-byte seed in hex)
			  --event <type>           the event type (default: a typical one of the provider)
			  --id <id>                the delivery id (default: a fresh one)
			  --body <file>            the body (default: a typical one; '-' reads standard input)
			  --content-type <type>    the body's content type (default: application/json)
			  --timestamp <seconds>    the signed timestamp, Unix seconds (default: now)
			  --header <name: value>   an extra header; repeatable
			  --signed-url <url>       Twilio, Square: the URL the sender signs, if not <url> (behind a proxy)
			  hmac only: --signature-header <name>, --algorithm <HmacSHA256>, --encoding <hex|base64>,
			  --prefix <text>, --signed-content <template>, --timestamp-header <name>,
			  --id-header <name>, --event-header <name>

			Example:
			  send --provider github --secret dev-only-github-secret --event issues --body issue.json \\
			      http://localhost:8080/webhooks/github
			""";

	private static final Set<String> OPTIONS = Set.of("provider", "secret", "event", "id", "body", "content-type",
			"timestamp", "header", "signed-url", "signature-header", "algorithm", "encoding", "prefix",
			"signed-content", "timestamp-header", "id-header", "event-header");

	private static final List<String> HEADERS_OF_INTEREST = List.of("content-type", "retry-after", "location",
			"www-authenticate");

	private final PrintStream out;

	private final PrintStream err;

	private final byte[] standardInput;

	/**
	 * Creates the command.
	 * @param out where the answer is printed
	 * @param err where errors are printed
	 * @param standardInput the body for {@code --body -}
	 */
	public Send(PrintStream out, PrintStream err, byte[] standardInput) {
		this.out = out;
		this.err = err;
		this.standardInput = standardInput;
	}

	/**
	 * Runs the command.
	 * @param args {@code send}, the options and the URL
	 * @throws IOException if standard input cannot be read
	 */
	public static void main(String[] args) throws IOException {
		boolean readsStandardInput = List.of(args).contains("-");
		byte[] input = readsStandardInput ? System.in.readAllBytes() : new byte[0];
		System.exit(new Send(System.out, System.err, input).run(args));
	}

	/**
	 * Signs and sends a delivery.
	 * @param args {@code send}, the options and the URL
	 * @return the exit status: 0 for a {@code 2xx} answer, 1 for another answer, 2 for a
	 * usage error, 3 when the application cannot be reached
	 */
	public int run(String[] args) {
		try {
			Command command = Command.parse(args);
			SignedDelivery delivery = sign(command);
			return send(command, delivery);
		}
		catch (UsageException ex) {
			this.err.println("send: " + ex.getMessage());
			this.err.println();
			this.err.print(USAGE);
			return 2;
		}
	}

	private SignedDelivery sign(Command command) {
		String provider = command.require("provider");
		String secret = command.require("secret");
		String signedUrl = (command.value("signed-url") != null) ? command.value("signed-url") : command.url();
		WebhookSigner signer = switch (provider) {
			case "github" -> WebhookSigners.github(secret);
			case "stripe" -> WebhookSigners.stripe(secret);
			case "slack" -> WebhookSigners.slack(secret);
			case "shopify" -> WebhookSigners.shopify(secret);
			case "standard-webhooks" -> WebhookSigners.standardWebhooks(secret);
			case "svix" -> WebhookSigners.svix(secret);
			case "twilio" -> WebhookSigners.twilio(secret, signedUrl);
			case "gitlab" -> WebhookSigners.gitlab(secret);
			case "paddle" -> WebhookSigners.paddle(secret);
			case "square" -> WebhookSigners.square(secret, signedUrl);
			case "linear" -> WebhookSigners.linear(secret);
			case "zoom" -> WebhookSigners.zoom(secret);
			case "discord" -> WebhookSigners.discord(Ed25519Keys.privateKey(seed(secret)));
			case "hmac" -> WebhookSigners.hmac(hmacSettings(command, secret));
			default -> throw new UsageException("unknown provider '" + provider + "'");
		};
		if (command.value("event") != null) {
			signer = signer.event(command.value("event"));
		}
		if (command.value("id") != null) {
			signer = signer.deliveryId(command.value("id"));
		}
		if (command.value("timestamp") != null) {
			signer = signer.timestamp(Instant.ofEpochSecond(number(command.value("timestamp"), "--timestamp")));
		}
		if (command.value("body") != null) {
			signer = signer.body(body(command.value("body")));
		}
		if (command.value("content-type") != null) {
			signer = signer.contentType(mediaType(command.value("content-type")));
		}
		for (String header : command.values("header")) {
			int colon = header.indexOf(':');
			if (colon <= 0) {
				throw new UsageException("--header '" + header + "' is not of the form 'Name: value'");
			}
			signer = signer.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
		}
		try {
			return signer.sign();
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			throw new UsageException(ex.getMessage());
		}
	}

	private int send(Command command, SignedDelivery delivery) {
		String url = (delivery.url() != null && command.value("signed-url") == null) ? delivery.url() : command.url();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(url))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
		delivery.headers().forEach((name, values) -> values.forEach((value) -> request.header(name, value)));
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			this.out.println(((response.version() == HttpClient.Version.HTTP_2) ? "HTTP/2 " : "HTTP/1.1 ")
					+ response.statusCode());
			for (String name : HEADERS_OF_INTEREST) {
				response.headers().allValues(name).forEach((value) -> this.out.println(name + ": " + value));
			}
			this.out.println();
			this.out.println(response.body());
			return (response.statusCode() / 100 == 2) ? 0 : 1;
		}
		catch (IOException ex) {
			this.err.println("send: cannot send to " + url + ": " + ex);
			return 3;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.err.println("send: interrupted");
			return 3;
		}
	}

	private byte[] body(String file) {
		if (file.equals("-")) {
			return this.standardInput;
		}
		try {
			return Files.readAllBytes(Path.of(file));
		}
		catch (NoSuchFileException ex) {
			throw new UsageException("--body: no file '" + file + "'");
		}
		catch (IOException ex) {
			throw new UsageException("--body: cannot read '" + file + "': " + ex.getMessage());
		}
	}

	private static HmacSettings hmacSettings(Command command, String secret) {
		HmacSettings settings = HmacSettings.of(secret, command.require("signature-header"));
		if (command.value("algorithm") != null) {
			settings = settings.withAlgorithm(command.value("algorithm"));
		}
		if (command.value("encoding") != null) {
			settings = settings.withEncoding(command.value("encoding"));
		}
		if (command.value("prefix") != null) {
			settings = settings.withPrefix(command.value("prefix"));
		}
		if (command.value("signed-content") != null) {
			settings = settings.withSignedContent(command.value("signed-content"));
		}
		if (command.value("timestamp-header") != null) {
			settings = settings.withTimestampHeader(command.value("timestamp-header"));
		}
		if (command.value("id-header") != null) {
			settings = settings.withDeliveryIdHeader(command.value("id-header"));
		}
		if (command.value("event-header") != null) {
			settings = settings.withEventTypeHeader(command.value("event-header"));
		}
		return settings;
	}

	private static byte[] seed(String hex) {
		try {
			byte[] seed = HexFormat.of().parseHex(hex);
			if (seed.length == 32) {
				return seed;
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through to the usage error
		}
		throw new UsageException("--secret for discord is the private key's 32-byte seed, as 64 hex digits");
	}

	private static long number(String text, String option) {
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new UsageException(option + " '" + text + "' is not a number");
		}
	}

	private static MediaType mediaType(String text) {
		try {
			return MediaType.parseMediaType(text);
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException("--content-type '" + text + "' is not a media type");
		}
	}

	private static URI uri(String url) {
		try {
			URI uri = URI.create(url);
			if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")) {
				throw new UsageException("'" + url + "' is not an http or https URL");
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException("'" + url + "' is not a URL");
		}
	}

	/**
	 * The options and the URL of a command line.
	 */
	private record Command(Map<String, List<String>> options, String url) {

		static Command parse(String[] args) {
			if (args.length == 0 || !args[0].equals("send")) {
				throw new UsageException("the first argument must be 'send'");
			}
			Map<String, List<String>> options = new LinkedHashMap<>();
			List<String> operands = new ArrayList<>();
			for (int i = 1; i < args.length; i++) {
				String arg = args[i];
				if (arg.startsWith("--")) {
					String name = arg.substring(2);
					if (!OPTIONS.contains(name)) {
						throw new UsageException("unknown option '" + arg + "'");
					}
					if (i + 1 == args.length) {
						throw new UsageException("option '" + arg + "' needs a value");
					}
					options.computeIfAbsent(name, (key) -> new ArrayList<>()).add(args[++i]);
				}
				else {
					operands.add(arg);
				}
			}
			if (operands.size() != 1) {
				throw new UsageException(operands.isEmpty() ? "the URL to send to is missing"
						: "one URL is expected, not " + operands);
			}
			uri(operands.get(0));
			return new Command(options, operands.get(0));
		}

		@Nullable String value(String name) {
			List<String> values = this.options.get(name);
			return (values != null) ? values.get(values.size() - 1) : null;
		}

		List<String> values(String name) {
			return this.options.getOrDefault(name, List.of());
		}

		String require(String name) {
			String value = value(name);
			if (value == null) {
				throw new UsageException("--" + name + " is required");
			}
			return value;
		}

	}

	/**
	 * A command line that cannot be run, with what is wrong with it.
	 */
	private static final class UsageException extends RuntimeException {

		UsageException(String message) {
			super(message);
		}

	}

}
