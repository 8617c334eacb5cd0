package dev.webhookreceiver.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Matching sender addresses against an endpoint's CIDR blocks.
 */
class AllowedSourcesTests {

	@Test
	void allowsEverySenderWithoutBlocks() {
		assertThat(AllowedSources.of(List.of())).isSameAs(AllowedSources.ANY);
		assertThat(AllowedSources.ANY.allows("198.51.100.1")).isTrue();
		assertThat(AllowedSources.ANY.allows(null)).isTrue();
	}

	@Test
	void matchesIpv4Blocks() {
		AllowedSources sources = AllowedSources.of(List.of("192.30.252.0/22", "203.0.113.7"));
		assertThat(sources.allows("192.30.252.1")).isTrue();
		assertThat(sources.allows("192.30.255.254")).isTrue();
		assertThat(sources.allows("192.30.256.1")).isFalse();
		assertThat(sources.allows("192.31.0.1")).isFalse();
		assertThat(sources.allows("203.0.113.7")).isTrue();
		assertThat(sources.allows("203.0.113.8")).isFalse();
	}

	@Test
	void matchesIpv6BlocksAndIpv4MappedAddresses() {
		AllowedSources sources = AllowedSources.of(List.of("2a0a:a440::/29", "10.0.0.0/8"));
		assertThat(sources.allows("2a0a:a447:ffff::1")).isTrue();
		assertThat(sources.allows("2a0a:a448::1")).isFalse();
		assertThat(sources.allows("[2a0a:a440::1]")).isTrue();
		assertThat(sources.allows("2a0a:a440::1%eth0")).isTrue();
		assertThat(sources.allows("::ffff:10.1.2.3")).isTrue();
		assertThat(sources.allows("0:0:0:0:0:0:0:1")).isFalse();
	}

	@Test
	void neverLooksANameUp() {
		AllowedSources sources = AllowedSources.of(List.of("0.0.0.0/0", "::/0"));
		assertThat(sources.allows("127.0.0.1")).isTrue();
		assertThat(sources.allows("::1")).isTrue();
		assertThat(sources.allows("localhost")).isFalse();
		assertThat(sources.allows("cafe")).isFalse();
		assertThat(sources.allows("")).isFalse();
		assertThat(sources.allows(null)).isFalse();
	}

	@Test
	void refusesWhatIsNotABlockNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> AllowedSources.of(List.of("10.0.0.0/8", "github.com")))
			.withMessage("[1] 'github.com' is not a CIDR block");
		assertThatIllegalArgumentException().isThrownBy(() -> AllowedSources.of(List.of("10.0.0.0/33")));
		assertThatIllegalArgumentException().isThrownBy(() -> AllowedSources.of(List.of("::/129")));
		assertThatIllegalArgumentException().isThrownBy(() -> AllowedSources.of(List.of("10.0.0.0/")));
		assertThatIllegalArgumentException().isThrownBy(() -> AllowedSources.of(List.of("10.0.0.0/-1")));
	}

}
