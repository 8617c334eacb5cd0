package dev.webhookreceiver.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;

/**
 * The names of the {@code webhook.receiver} properties, read from
 * {@link WebhookReceiverProperties} itself, to tell what a misspelt name was meant to be.
 */
final class WebhookPropertyNames {

	static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("webhook.receiver");

	private WebhookPropertyNames() {
	}

	/**
	 * Explains why a name under {@code webhook.receiver} is not a property.
	 * @param name the name that nothing bound
	 * @return the known name closest to it, or the names known where it went wrong
	 */
	static Correction correct(ConfigurationPropertyName name) {
		ResolvableType type = ResolvableType.forClass(WebhookReceiverProperties.class);
		StringBuilder known = new StringBuilder(PREFIX.toString());
		for (int i = PREFIX.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, Form.DASHED);
			Class<?> rawType = type.toClass();
			if (Map.class.isAssignableFrom(rawType)) {
				type = type.asMap().getGeneric(1);
			}
			else if (Collection.class.isAssignableFrom(rawType)) {
				type = type.asCollection().getGeneric(0);
			}
			else if (isPropertiesType(rawType)) {
				Map<String, ResolvableType> properties = properties(rawType);
				ResolvableType propertyType = properties.get(element);
				if (propertyType == null) {
					String closest = closest(element, properties.keySet());
					String suggestion = null;
					if (closest != null) {
						StringBuilder corrected = new StringBuilder(known).append('.').append(closest);
						for (int j = i + 1; j < name.getNumberOfElements(); j++) {
							corrected.append(name.isNumericIndex(j) ? "[" + name.getElement(j, Form.ORIGINAL) + "]"
									: "." + name.getElement(j, Form.DASHED));
						}
						suggestion = corrected.toString();
					}
					return new Correction(known.toString(), List.copyOf(properties.keySet()), suggestion);
				}
				type = propertyType;
			}
			else {
				return new Correction(known.toString(), List.of(), null);
			}
			known.append(name.isNumericIndex(i) ? "[" + name.getElement(i, Form.ORIGINAL) + "]" : "." + element);
		}
		return new Correction(known.toString(), List.of(), null);
	}

	private static boolean isPropertiesType(Class<?> type) {
		return type.getName().startsWith(WebhookReceiverProperties.class.getName());
	}

	private static Map<String, ResolvableType> properties(Class<?> type) {
		Map<String, ResolvableType> properties = new TreeMap<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			Method getter = descriptor.getReadMethod();
			if (getter != null && !descriptor.getName().equals("class")
					&& (descriptor.getWriteMethod() != null || isPropertiesType(getter.getReturnType()))) {
				String name = descriptor.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
				properties.put(name, ResolvableType.forMethodReturnType(getter, type));
			}
		}
		return properties;
	}

	private static @Nullable String closest(String name, Collection<String> candidates) {
		int threshold = Math.max(2, name.length() / 3);
		return candidates.stream()
			.filter((candidate) -> distance(name, candidate) <= threshold)
			.min(Comparator.comparingInt((String candidate) -> distance(name, candidate)))
			.orElse(null);
	}

	/**
	 * The optimal string alignment distance: insertions, deletions, substitutions and swaps of
	 * neighbours, so that {@code secrte} is one edit from {@code secret}.
	 */
	static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

	/**
	 * Why a name is not a property.
	 *
	 * @param known the longest part of the name that is known
	 * @param properties the properties that can follow the known part, empty if none can
	 * @param suggestion the known property closest to the name, or {@code null}
	 */
	record Correction(String known, List<String> properties, @Nullable String suggestion) {

		Correction {
			properties = List.copyOf(properties);
		}

	}

}
