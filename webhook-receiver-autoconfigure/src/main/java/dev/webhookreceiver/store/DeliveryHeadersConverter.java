package dev.webhookreceiver.store;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores the headers kept with a delivery as a JSON object of strings, readable by operators
 * and by any tool.
 */
@Converter
class DeliveryHeadersConverter implements AttributeConverter<@Nullable Map<String, String>, @Nullable String> {

	private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
	};

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable Map<String, String> headers) {
		return (headers != null && !headers.isEmpty()) ? JsonMapper.shared().writeValueAsString(headers) : null;
	}

	@Override
	public @Nullable Map<String, String> convertToEntityAttribute(@Nullable String json) {
		return (json != null) ? JsonMapper.shared().readValue(json, HEADERS) : null;
	}

}
