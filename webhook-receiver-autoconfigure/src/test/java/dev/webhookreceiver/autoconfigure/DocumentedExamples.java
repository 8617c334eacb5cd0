package dev.webhookreceiver.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The pages of the documentation ({@code README.md} and {@code docs/*.md}) and their
 * {@code application.yml} examples, read from the source tree as tests run in a module's
 * directory.
 */
final class DocumentedExamples {

	private static final Path DOCS = Path.of("..", "docs");

	private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

	private DocumentedExamples() {
	}

	/**
	 * A page of {@code docs/}.
	 * @param name the page's file name, such as {@code configuration.md}
	 * @return the page's path
	 */
	static Path page(String name) {
		return DOCS.resolve(name);
	}

	/**
	 * Every page: the README and those of {@code docs/}.
	 * @return the pages' paths, sorted
	 */
	static List<Path> pages() {
		try (Stream<Path> docs = Files.list(DOCS)) {
			return Stream.concat(Stream.of(Path.of("..", "README.md")), docs)
				.filter((path) -> path.toString().endsWith(".md"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The {@code yaml} code blocks of a page, in order.
	 * @param page the page
	 * @return the blocks' text
	 */
	static List<String> yamlBlocks(Path page) {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = YAML_BLOCK.matcher(read(page));
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	/**
	 * Reads a YAML example as Spring Boot reads an {@code application.yml}.
	 * @param name the name of the property source
	 * @param yaml the example
	 * @return the example's properties
	 */
	static PropertySource<?> yaml(String name, String yaml) {
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(name,
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), name));
			if (sources.size() != 1) {
				throw new IllegalStateException(name + " holds " + sources.size() + " YAML documents, not one");
			}
			return sources.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads a page.
	 * @param page the page
	 * @return its text
	 */
	static String read(Path page) {
		try {
			return Files.readString(page);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
