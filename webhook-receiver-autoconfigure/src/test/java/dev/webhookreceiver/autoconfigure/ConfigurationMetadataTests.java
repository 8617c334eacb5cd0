package dev.webhookreceiver.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.webhookreceiver.autoconfigure.WebhookReceiverProperties.Endpoint;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata that IDEs read: every property under
 * {@code webhook.receiver}, and every setting of an endpoint, is described and states its
 * default; and {@code docs/configuration.md} lists exactly those properties, with the same
 * defaults.
 */
class ConfigurationMetadataTests {

	private static final String PREFIX = "webhook.receiver.";

	private static final String DOCUMENTED_ENDPOINT = PREFIX + "endpoints.<name>.";

	private static final String ENDPOINT_METADATA = "META-INF/spring/configuration-metadata/"
			+ Endpoint.class.getName() + ".json";

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void describesEveryProperty() {
		List<Item> properties = receiverProperties();
		assertThat(properties).extracting(Item::name)
			.contains("enabled", "endpoints", "store.initialize-schema", "store.purge.interval");
		assertThat(undescribed(properties)).isEmpty();
	}

	@Test
	void statesTheDefaultOfEveryPropertyThatHasOne() {
		assertThat(wrongDefaults(receiverProperties(), WebhookReceiverProperties::new)).isEmpty();
	}

	@Test
	void describesEveryEndpointSetting() {
		List<Item> settings = endpointSettings();
		assertThat(settings).extracting(Item::name).containsAll(beanProperties(Endpoint.class, ""));
		assertThat(undescribed(settings)).isEmpty();
	}

	@Test
	void statesTheDefaultOfEveryEndpointSettingThatHasOne() {
		assertThat(wrongDefaults(endpointSettings(), Endpoint::new)).isEmpty();
	}

	@Test
	void hintsOnlyAtEndpointSettingsThatExist() {
		Set<String> settings = endpointSettings().stream().map(Item::name).collect(Collectors.toSet());
		List<String> hinted = read("META-INF/spring-configuration-metadata.json").hints()
			.stream()
			.map(Item::name)
			.filter((name) -> name.startsWith(PREFIX + "endpoints.values."))
			.map((name) -> name.substring((PREFIX + "endpoints.values.").length()))
			.toList();
		assertThat(hinted).contains("provider", "signature.algorithm", "signature.encoding", "timestamp",
				"delivery-id", "event-type");
		assertThat(settings).containsAll(hinted);
	}

	@Test
	void theConfigurationReferenceListsEveryPropertyAndOnlyThoseWithTheirDefaults() throws IOException {
		Map<String, String> documented = documentedDefaults();
		List<String> expected = new ArrayList<>();
		Map<String, String> defaults = new TreeMap<>();
		for (Item property : receiverProperties()) {
			if (!property.name().equals("endpoints")) {
				expected.add(PREFIX + property.name());
				defaults.put(PREFIX + property.name(), documentedForm(property.defaultValue()));
			}
		}
		for (Item setting : endpointSettings()) {
			if (!setting.name().startsWith("processing.")) {
				expected.add(DOCUMENTED_ENDPOINT + setting.name());
				defaults.put(DOCUMENTED_ENDPOINT + setting.name(), documentedForm(setting.defaultValue()));
			}
		}
		expected.add(DOCUMENTED_ENDPOINT + "processing.*");
		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		defaults.forEach((name, value) -> {
			if (value != null) {
				assertThat(documented.get(name)).as("the documented default of " + name).isEqualTo(value);
			}
		});
	}

	/**
	 * The default column of each row of the property tables of {@code docs/configuration.md}.
	 * @return the defaults as written, by property name
	 * @throws IOException if the page cannot be read
	 */
	private static Map<String, String> documentedDefaults() throws IOException {
		Map<String, String> defaults = new TreeMap<>();
		for (String line : Files.readAllLines(DocumentedExamples.page("configuration.md"))) {
			String[] cells = line.split("(?<!\\\\)\\|");
			if (cells.length > 3 && cells[1].strip().startsWith("`" + PREFIX)) {
				String name = cells[1].strip();
				defaults.put(name.substring(1, name.length() - 1), cells[3].strip());
			}
		}
		return defaults;
	}

	private static @Nullable String documentedForm(@Nullable Object defaultValue) {
		if (defaultValue == null) {
			return null;
		}
		return "".equals(defaultValue) ? "empty" : "`" + defaultValue + "`";
	}

	private List<Item> receiverProperties() {
		return read("META-INF/spring-configuration-metadata.json").properties()
			.stream()
			.filter((property) -> property.name().startsWith(PREFIX))
			.map((property) -> new Item(property.name().substring(PREFIX.length()), property.description(),
					property.defaultValue()))
			.toList();
	}

	private List<Item> endpointSettings() {
		return read(ENDPOINT_METADATA).properties();
	}

	private Metadata read(String location) {
		try (InputStream content = new ClassPathResource(location).getInputStream()) {
			return this.jsonMapper.readValue(content, Metadata.class);
		}
		catch (IOException ex) {
			throw new IllegalStateException("No configuration metadata at " + location, ex);
		}
	}

	private static List<String> undescribed(List<Item> items) {
		return items.stream()
			.filter((item) -> item.description() == null || item.description().isBlank())
			.map(Item::name)
			.toList();
	}

	/**
	 * Compares each item's default value with the value a new instance holds, converted as
	 * Spring Boot binds it.
	 * @param items the metadata items, named relative to the instance
	 * @param instance creates an instance with its defaults
	 * @return descriptions of the items whose default is missing, superfluous or wrong
	 */
	private static List<String> wrongDefaults(List<Item> items, Supplier<Object> instance) {
		BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(instance.get());
		ConversionService conversionService = ApplicationConversionService.getSharedInstance();
		List<String> wrong = new ArrayList<>();
		for (Item item : items) {
			String path = camelCase(item.name());
			if (!bean.isReadableProperty(path)) {
				wrong.add(item.name() + " is no property");
				continue;
			}
			Object actual = bean.getPropertyValue(path);
			Object stated = item.defaultValue();
			if (!hasDefault(actual)) {
				if (stated != null) {
					wrong.add(item.name() + " states the default " + stated + " but has none");
				}
			}
			else if (stated == null) {
				wrong.add(item.name() + " does not state its default " + actual);
			}
			else if (!Objects.equals(actual, conversionService.convert(stated, TypeDescriptor.forObject(stated),
					bean.getPropertyTypeDescriptor(path)))) {
				wrong.add(item.name() + " states the default " + stated + " but has " + actual);
			}
		}
		return wrong;
	}

	private static boolean hasDefault(@Nullable Object value) {
		return value != null && !(value instanceof Collection<?> collection && collection.isEmpty())
				&& !(value instanceof Map<?, ?> map && map.isEmpty());
	}

	private static String camelCase(String name) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : name.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	/**
	 * Names the bindable properties of a type, in dashed form, descending into the nested
	 * settings classes of {@link WebhookReceiverProperties}.
	 * @param type the type
	 * @param prefix the prefix of the names
	 * @return the names
	 */
	private static Set<String> beanProperties(Class<?> type, String prefix) {
		Set<String> names = new TreeSet<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String name = prefix + dashed(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (propertyType.getEnclosingClass() == WebhookReceiverProperties.class && !propertyType.isEnum()) {
				names.addAll(beanProperties(propertyType, name + "."));
			}
			else {
				names.add(name);
			}
		}
		return names;
	}

	private static String dashed(String name) {
		return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Metadata(List<Item> properties, List<Item> hints) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Item(String name, @Nullable String description, @Nullable Object defaultValue) {

	}

}
