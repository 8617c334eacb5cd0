package dev.webhookreceiver.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import dev.webhookreceiver.benchmarks.handwritten.HandWrittenControllerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load driver's requests against the hand-written controller of the load run: what the load
 * run measures are signed deliveries, each accepted once.
 */
class LoadDriverTests {

	private static ConfigurableApplicationContext context;

	private static InetSocketAddress address;

	@BeforeAll
	static void startHandWrittenController() {
		context = HandWrittenControllerApplication.application()
			.run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:load-driver-tests;DB_CLOSE_DELAY=-1");
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void eachNumberIsANewSignedDeliveryAndARepeatedNumberIsADuplicate() throws IOException {
		try (LoadDriver.Connection connection = connect(LargeBodiesLoad.GITHUB_SECRET)) {
			assertThat(connection.exchange(1)).isEqualTo(200);
			assertThat(connection.exchange(2)).isEqualTo(200);
			assertThat(connection.exchange(2)).isEqualTo(409);
			assertThat(connection.closeAfter()).isFalse();
		}
	}

	@Test
	void aDeliverySignedWithAnotherSecretIsRefused() throws IOException {
		try (LoadDriver.Connection connection = connect("another-secret")) {
			assertThat(connection.exchange(1)).isEqualTo(401);
		}
	}

	private static LoadDriver.Connection connect(String secret) throws IOException {
		LoadDriver.Delivery delivery = new LoadDriver.Delivery("/webhooks/github", "issues",
				LargeBodiesLoad.body(1024), secret);
		return new LoadDriver.Connection(address, delivery.request(address));
	}

}
