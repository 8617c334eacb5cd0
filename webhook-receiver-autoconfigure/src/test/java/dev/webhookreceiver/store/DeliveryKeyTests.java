package dev.webhookreceiver.store;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How deliveries to endpoints with path variables are recorded, and read back by the workers.
 */
class DeliveryKeyTests {

	@Test
	void recordsTheSendersIdAsItIsWithoutPathVariables() {
		assertThat(DeliveryKey.recorded(Map.of(), "evt_1")).isEqualTo("evt_1");
		assertThat(DeliveryKey.of("evt_1")).isEqualTo(new DeliveryKey(Map.of(), "evt_1"));
	}

	@Test
	void recordsThePathVariablesInFrontOfTheSendersId() {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("tenant", "acme");
		variables.put("region", "eu west/1");
		String recorded = DeliveryKey.recorded(variables, "evt_1");
		assertThat(recorded).isEqualTo("{tenant=acme&region=eu%20west%2F1}evt_1");
		assertThat(DeliveryKey.of(recorded)).isEqualTo(new DeliveryKey(variables, "evt_1"));
	}

	@Test
	void readsBackValuesThatLookLikeTheSyntax() {
		Map<String, String> variables = Map.of("tenant", "a&b={c}");
		String recorded = DeliveryKey.recorded(variables, "{id}&x");
		assertThat(DeliveryKey.of(recorded)).isEqualTo(new DeliveryKey(variables, "{id}&x"));
	}

	@Test
	void recordsASendersIdThatStartsWithABraceBehindEmptyBraces() {
		assertThat(DeliveryKey.recorded(Map.of(), "{\"id\":1}")).isEqualTo("{}{\"id\":1}");
		assertThat(DeliveryKey.of("{}{\"id\":1}")).isEqualTo(new DeliveryKey(Map.of(), "{\"id\":1}"));
	}

	@Test
	void readsAnIdRecordedBeforeAsItIs() {
		assertThat(DeliveryKey.of("{%zz}evt")).isEqualTo(new DeliveryKey(Map.of(), "{%zz}evt"));
		assertThat(DeliveryKey.of("{unclosed")).isEqualTo(new DeliveryKey(Map.of(), "{unclosed"));
	}

}
