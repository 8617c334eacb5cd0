package dev.webhookreceiver.web;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.context.annotation.Import;

/**
 * An application whose endpoints come from the known-answer vectors ({@link VectorEndpoints}),
 * with a handler of every event ({@link RecordingHandler}) and a clock that tests set to each
 * vector's time.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(RecordingHandler.class)
class VectorReceiverApplication {

	@Bean
	SettableClock clock() {
		return new SettableClock(VectorEndpoints.SIGNING_TIME);
	}

	@Bean
	@Lazy
	VectorReceiver vectorReceiver(MockMvc mvc, JdbcTemplate jdbc, RecordingHandler handler, SettableClock clock) {
		return new VectorReceiver(mvc, jdbc, handler, clock);
	}

}
