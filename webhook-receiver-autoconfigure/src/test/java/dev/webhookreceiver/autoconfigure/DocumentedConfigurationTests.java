package dev.webhookreceiver.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code application.yml} examples of the documentation name only properties that exist.
 * (That the configuration reference's example starts is tested with the auto-configuration,
 * in {@link WebhookReceiverAutoConfigurationTests}.)
 */
class DocumentedConfigurationTests {

	@Test
	void everyExampleThatConfiguresTheReceiverNamesOnlyItsProperties() {
		List<String> examples = new ArrayList<>();
		for (Path page : DocumentedExamples.pages()) {
			List<String> blocks = DocumentedExamples.yamlBlocks(page);
			for (int i = 0; i < blocks.size(); i++) {
				if (blocks.get(i).startsWith("webhook:") || blocks.get(i).contains("\nwebhook:")) {
					String name = page.getFileName() + " example " + (i + 1);
					bind(DocumentedExamples.yaml(name, blocks.get(i)));
					examples.add(name);
				}
			}
		}
		assertThat(examples).contains("configuration.md example 1", "getting-started.md example 1",
				"README.md example 1");
	}

	private static void bind(PropertySource<?> example) {
		Binder binder = new Binder(ConfigurationPropertySources.from(example));
		// fails on any name under webhook.receiver that no property binds
		binder.bind("webhook.receiver", Bindable.of(WebhookReceiverProperties.class),
				new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
	}

}
