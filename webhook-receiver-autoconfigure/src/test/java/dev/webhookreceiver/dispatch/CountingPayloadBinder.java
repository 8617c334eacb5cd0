package dev.webhookreceiver.dispatch;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * A {@link PayloadBinder} that counts bindings per target type, to show that a body is parsed
 * at most once per type.
 */
public class CountingPayloadBinder extends PayloadBinder {

	private final Map<Type, AtomicInteger> bindings = new ConcurrentHashMap<>();

	public CountingPayloadBinder(JsonMapper jsonMapper) {
		super(jsonMapper);
	}

	@Override
	public Object bind(byte[] body, @Nullable MediaType contentType, Type targetType) {
		this.bindings.computeIfAbsent(targetType, (type) -> new AtomicInteger()).incrementAndGet();
		return super.bind(body, contentType, targetType);
	}

	public int bindings(Type type) {
		AtomicInteger count = this.bindings.get(type);
		return (count != null) ? count.get() : 0;
	}

	public void reset() {
		this.bindings.clear();
	}

}
