package dev.webhookreceiver.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.WebhookSecretResolver;
import dev.webhookreceiver.autoconfigure.WebhookDeliveryStoreAutoConfigurationTests.NoOpDeliveryStore;
import dev.webhookreceiver.process.DeliveryWorkers;
import dev.webhookreceiver.store.DeliveryStore;
import dev.webhookreceiver.verify.VerifiedDelivery;
import dev.webhookreceiver.verify.WebhookEndpoint;
import dev.webhookreceiver.verify.WebhookProvider;
import dev.webhookreceiver.verify.WebhookRequest;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every startup failure of the receiver is reported by a failure analyzer, as
 * Spring Boot prints it: a description naming the property, bean or method, and an action.
 * Each failure goes through the analyzers of {@code spring.factories} in their order, as in
 * {@code SpringApplication}.
 */
class WebhookReceiverStartupFailureTests {

	private static final String GITHUB = "webhook.receiver.endpoints.github.";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebhookReceiverAutoConfiguration.class,
				WebhookDeliveryStoreAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
				JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void refusesAnUnresolvedPlaceholderAsSecretNamingTheVariableToSet() {
		this.contextRunner.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=${GITHUB_WEBHOOK_SECRET}")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(GITHUB + "secret is ${GITHUB_WEBHOOK_SECRET}, a "
						+ "placeholder that did not resolve: GITHUB_WEBHOOK_SECRET is not set.");
				assertThat(analysis.getAction()).startsWith("Set the environment variable GITHUB_WEBHOOK_SECRET to "
						+ "the signing secret that the sender shows");
			});
	}

	@Test
	void refusesAnUnresolvedPlaceholderBeforeAProviderLooksAtTheSecretsForm() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.stripe.provider=stripe",
					"webhook.receiver.endpoints.stripe.secrets[0]=whsec_test_only_stripe_secret",
					"webhook.receiver.endpoints.stripe.secrets[1]=${stripe.previous-secret}")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription())
					.startsWith("webhook.receiver.endpoints.stripe.secrets[1] is ${stripe.previous-secret}, a "
							+ "placeholder that did not resolve")
					.doesNotContain("whsec_");
				assertThat(analysis.getAction()).startsWith("Set the property stripe.previous-secret (or the "
						+ "environment variable STRIPE_PREVIOUSSECRET)");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			provider           | ${WEBHOOK_PROVIDER}  | is ${WEBHOOK_PROVIDER}     | WEBHOOK_PROVIDER
			path               | /hooks/${HOOK_PATH}  | holds ${HOOK_PATH}         | HOOK_PATH
			allowed-sources[0] | ${GITHUB_RANGE}      | is ${GITHUB_RANGE}         | GITHUB_RANGE
			delivery-id        | json:/${ID_FIELD}    | holds ${ID_FIELD}          | ID_FIELD
			event-type         | fixed:${EVENT_TYPE}  | holds ${EVENT_TYPE}        | EVENT_TYPE
			signature.prefix   | ${SIGNATURE_PREFIX}  | is ${SIGNATURE_PREFIX}     | SIGNATURE_PREFIX
			""")
	void refusesAnUnresolvedPlaceholderInAnySettingOfAnEndpoint(String property, String value, String placeholder,
			String variable) {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=hmac", GITHUB + "secret=test-only-secret",
					GITHUB + "signature.header=X-Signature", GITHUB + "event-type=json:/type", GITHUB + property + "="
							+ value)
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(GITHUB + property + " " + placeholder + ", a "
						+ "placeholder that did not resolve: " + variable + " is not set.");
				assertThat(analysis.getAction()).startsWith("Set the environment variable " + variable);
			});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "webhook.receiver.tolerance", "webhook.receiver.endpoints.github.tolerance",
			"webhook.receiver.endpoints.github.signature.encoding" })
	void refusesAnUnresolvedPlaceholderInASettingThatIsNotTextNamingTheVariableToSet(String property) {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					property + "=${WEBHOOK_SETTING}")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(property + " is ${WEBHOOK_SETTING}, a placeholder "
						+ "that did not resolve: WEBHOOK_SETTING is not set.");
				assertThat(analysis.getAction()).startsWith("Set the environment variable WEBHOOK_SETTING");
			});
	}

	@Test
	void reportsAnEmptyToleranceAsEmptyRatherThanAsAnUnknownName() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					"webhook.receiver.tolerance=${WEBHOOK_TOLERANCE:}")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("This property is empty, so it would not be set")
					.contains("webhook.receiver.tolerance")
					.doesNotContain("not webhook receiver properties");
				assertThat(analysis.getAction())
					.contains("webhook.receiver.tolerance: give it a value, or remove it to keep its default");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			0     | webhook.receiver.tolerance is 0 ms, less than a second
			300   | webhook.receiver.tolerance is 300 ms, less than a second
			-5m   | webhook.receiver.tolerance is negative: -300 s.
			""")
	void refusesAToleranceThatNoDeliveryCouldMeet(String tolerance, String description) {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.stripe.provider=stripe",
					"webhook.receiver.endpoints.stripe.secret=whsec_test_only_stripe_secret",
					"webhook.receiver.tolerance=" + tolerance)
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(description);
				assertThat(analysis.getAction()).startsWith("Set a duration with its unit, such as 5m or 300s");
			});
	}

	@Test
	void namesTheEndpointWhoseToleranceNoDeliveryCouldMeet() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.stripe.provider=stripe",
					"webhook.receiver.endpoints.stripe.secret=whsec_test_only_stripe_secret",
					"webhook.receiver.endpoints.stripe.tolerance=0s")
			.run((context) -> assertThat(analyze(context).getDescription())
				.startsWith("webhook.receiver.endpoints.stripe.tolerance is 0 ms, less than a second"));
	}

	@Test
	void acceptsAnEmptySecretKeptForARotationBesideAnotherOne() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secrets[0]=test-only-secret",
					GITHUB + "secrets[1]=${GITHUB_WEBHOOK_SECRET_PREVIOUS:}")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesABlankSecret() {
		this.contextRunner.withPropertyValues(GITHUB + "provider=github")
			.withInitializer(githubSecret("   "))
			.run((context) -> assertThat(analyze(context).getDescription())
				.isEqualTo(GITHUB + "secret is blank: it holds only whitespace."));
	}

	@Test
	void refusesASecretWithALineBreakCopiedWithIt() {
		this.contextRunner.withPropertyValues(GITHUB + "provider=github")
			.withInitializer(githubSecret("test-only-secret\n"))
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(GITHUB + "secret starts or ends with whitespace")
					.doesNotContain("test-only-secret");
				assertThat(analysis.getAction()).isEqualTo("Remove the whitespace around the secret.");
			});
	}

	@Test
	void refusesASecretShorterThanTheProviderIssues() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.slack.provider=slack",
					"webhook.receiver.endpoints.slack.secret=0123456789abcdef")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo("Invalid secret for webhook endpoint 'slack' "
						+ "(webhook.receiver.endpoints.slack.secret): it has 16 characters, but Slack's signing "
						+ "secrets are 32 hex digits (at least 32 characters).")
					.doesNotContain("0123456789abcdef");
				assertThat(analysis.getAction()).startsWith("Copy the app's Signing Secret");
			});
	}

	@Test
	void reportsAMissingSecret() {
		this.contextRunner.withPropertyValues(GITHUB + "provider=github").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).startsWith(GITHUB + "secret is not set (or is empty)");
			assertThat(analysis.getAction()).contains("'secret: ${GITHUB_WEBHOOK_SECRET}'");
		});
	}

	@Test
	void reportsAnUnknownProvider() {
		this.contextRunner.withPropertyValues(GITHUB + "provider=githup", GITHUB + "secret=test-only-secret")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo(GITHUB + "provider 'githup' is unknown.");
				assertThat(analysis.getAction()).startsWith("Set it to one of [discord, github, gitlab, hmac,");
			});
	}

	@Test
	void reportsABadExpression() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.custom.provider=hmac",
					"webhook.receiver.endpoints.custom.secret=test-only-secret",
					"webhook.receiver.endpoints.custom.signature.header=X-Signature",
					"webhook.receiver.endpoints.custom.event-type=body:type")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(
						"Invalid webhook.receiver.endpoints.custom.event-type 'body:type': it does not start with");
				assertThat(analysis.getAction()).startsWith("Use header:NAME");
			});
	}

	@Test
	void reportsWhatACustomProviderRefusedWithItsOwnException() {
		this.contextRunner.withBean("acme", WebhookProvider.class, RefusingProvider::new)
			.withPropertyValues("webhook.receiver.endpoints.acme.provider=acme",
					"webhook.receiver.endpoints.acme.secret=test-only-acme-secret")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo("The 'acme' provider refused the settings of "
						+ "webhook endpoint 'acme': the acme secret must start with acme_");
				assertThat(analysis.getAction())
					.isEqualTo("Fix the settings under webhook.receiver.endpoints.acme as the message says.");
			});
	}

	@Test
	void reportsAPathThatIsNotARequestPath() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "path=hooks/{name}")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription())
					.isEqualTo(GITHUB + "path gives the path 'hooks/{name}', which is not a request path.");
				assertThat(analysis.getAction()).startsWith("Use a path such as /webhooks/orders or "
						+ "/webhooks/{tenant}/orders");
			});
	}

	@Test
	void reportsAPathThatNamesAVariableTwice() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "path=/hooks/{tenant}/{tenant}")
			.run((context) -> assertThat(analyze(context).getDescription())
				.endsWith("which names the template variable {tenant} twice."));
	}

	@Test
	void reportsAPathWithVariablesWhoseSecretsNothingSupplies() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "path=/webhooks/{tenant}/github")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo(GITHUB + "secret is not set, and no "
						+ "WebhookSecretResolver bean supplies the secrets of webhook endpoint 'github' "
						+ "(/webhooks/{tenant}/github) per request.");
				assertThat(analysis.getAction())
					.startsWith("Define a bean implementing dev.webhookreceiver.WebhookSecretResolver");
			});
	}

	@Test
	void startsEndpointsWithoutSecretsWhenAResolverSuppliesThem() {
		this.contextRunner.withBean(WebhookSecretResolver.class, () -> (endpoint, variables, headers) -> List.of())
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "path=/webhooks/{tenant}/github",
					"webhook.receiver.endpoints.stripe.provider=stripe")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void stillChecksConfiguredSecretsWhenAResolverSuppliesOthers() {
		this.contextRunner.withBean(WebhookSecretResolver.class, () -> (endpoint, variables, headers) -> List.of())
			.withPropertyValues("webhook.receiver.endpoints.stripe.provider=stripe",
					"webhook.receiver.endpoints.stripe.secret=sk_test_not_a_signing_secret")
			.run((context) -> assertThat(analyze(context).getDescription())
				.startsWith("Invalid secret for webhook endpoint 'stripe'"));
	}

	@Test
	void reportsTwoEndpointsWhosePathsDifferInTheirVariablesNamesOnly() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "path=/hooks/{tenant}", "webhook.receiver.endpoints.other.provider=github",
					"webhook.receiver.endpoints.other.secret=test-only-secret",
					"webhook.receiver.endpoints.other.path=/hooks/{account}")
			.run((context) -> assertThat(analyze(context).getDescription())
				.isEqualTo("Webhook endpoints 'github' and 'other' are both mapped to /hooks/{account}."));
	}

	@Test
	void reportsTwoEndpointsWhosePathsMatchOneRequestWithNeitherMoreSpecific() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "path=/hooks/{tenant}/github", "webhook.receiver.endpoints.other.provider=github",
					"webhook.receiver.endpoints.other.secret=test-only-secret",
					"webhook.receiver.endpoints.other.path=/hooks/github/{kind}")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo("The paths of webhook endpoints 'github' "
						+ "(/hooks/{tenant}/github) and 'other' (/hooks/github/{kind}) both match requests such as "
						+ "/hooks/github/github, and neither is more specific, so such a request could not be "
						+ "answered.");
				assertThat(analysis.getAction()).isEqualTo("Give one of them a path that no request to the other "
						+ "can match, with webhook.receiver.endpoints.other.path.");
			});
	}

	@Test
	void startsAnEndpointWhosePathIsMoreSpecificThanAnothersTemplate() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "path=/hooks/{tenant}/github", "webhook.receiver.endpoints.acme.provider=github",
					"webhook.receiver.endpoints.acme.secret=test-only-secret",
					"webhook.receiver.endpoints.acme.path=/hooks/acme/github")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void reportsAnAllowedSourceThatIsNotACidrBlock() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "allowed-sources[0]=192.30.252.0/22", GITHUB + "allowed-sources[1]=hooks.github.com")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo(
						GITHUB + "allowed-sources[1] 'hooks.github.com' is not a CIDR block.");
				assertThat(analysis.getAction()).contains("CIDR notation").contains("host names are not looked up");
			});
	}

	@Test
	void reportsABadOverrideOfAPresetsDeliveryId() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "delivery-id=fixed:same")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription())
					.startsWith("Invalid " + GITHUB + "delivery-id 'fixed:same': 'fixed:' would give every delivery");
				assertThat(analysis.getAction()).startsWith("Use header:NAME, json:/pointer, xml:/pointer or form:NAME");
			});
	}

	@Test
	void reportsAnXmlOverrideOfAPresetWhoseSenderSendsNoXml() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "event-type=xml:/type")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo("Invalid " + GITHUB + "event-type 'xml:/type': the "
						+ "'github' provider's deliveries are not XML; xml: expressions are for the 'hmac' and 'none' "
						+ "providers.");
				assertThat(analysis.getAction()).isEqualTo("Use header:NAME, json:/pointer or form:NAME.");
			});
	}

	@Test
	void reportsTwoEndpointsOnOnePath() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					"webhook.receiver.endpoints.other.provider=github",
					"webhook.receiver.endpoints.other.secret=test-only-secret",
					"webhook.receiver.endpoints.other.path=/webhooks/github")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription())
					.isEqualTo("Webhook endpoints 'github' and 'other' are both mapped to /webhooks/github.");
				assertThat(analysis.getAction())
					.isEqualTo("Give one of them another path with webhook.receiver.endpoints.other.path.");
			});
	}

	@Test
	void reportsABadHandlerParameter() {
		this.contextRunner.withUserConfiguration(UnresolvableParameterConfiguration.class)
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("UnresolvableParameterHandlers.onPush(WebhookEvent, "
						+ "String, Clock) (bean 'unresolvableParameterHandlers') has more than one payload parameter");
				assertThat(analysis.getAction()).startsWith("A @WebhookHandler method takes at most one payload");
			});
	}

	@Test
	void reportsAHandlerNamingAnUnknownEndpoint() {
		this.contextRunner.withUserConfiguration(MisnamedHandlerConfiguration.class)
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("@WebhookHandler(endpoint = \"gitlab\") on "
						+ "MisnamedHandlers.onPush(WebhookEvent)");
				assertThat(analysis.getAction()).isEqualTo("Configure webhook.receiver.endpoints.gitlab or fix the name.");
			});
	}

	@Test
	void reportsABadEventPattern() {
		this.contextRunner.withUserConfiguration(BadPatternConfiguration.class)
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("@WebhookHandler(event = \"issues*\") on "
						+ "BadPatternHandlers.onIssue(WebhookEvent)");
				assertThat(analysis.getAction()).startsWith("Use an event type such as 'issues.opened'");
			});
	}

	@Test
	void reportsAValueReturningHandlerOnAnAsyncEndpoint() {
		this.contextRunner.withBean("replyingHandlers", ReplyingHandlers.class)
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "processing.mode=async")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("@WebhookHandler ReplyingHandlers.onPush(WebhookEvent) "
						+ "(bean 'replyingHandlers') returns a value, but it listens to "
						+ "endpoint 'github', which is processed asynchronously");
				assertThat(analysis.getAction()).isEqualTo("Return void and reply through the sender's API, or "
						+ "process the endpoint synchronously (" + GITHUB + "processing.mode=sync).");
			});
	}

	@Test
	void reportsTwoValueReturningHandlersThatCanMatchOneDelivery() {
		this.contextRunner.withBean("replyingHandlers", ReplyingHandlers.class)
			.withBean("otherReplyingHandlers", OtherReplyingHandlers.class)
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("ReplyingHandlers.onPush(WebhookEvent) (bean "
						+ "'replyingHandlers')")
					.contains("OtherReplyingHandlers.onEveryEvent(WebhookEvent) (bean 'otherReplyingHandlers')")
					.endsWith("both return a value and can match the same delivery, which can be answered with one "
							+ "value only.");
				assertThat(analysis.getAction()).startsWith("Let one of them return void");
			});
	}

	@Test
	void reportsAnXmlExpressionThatIsNotAPointer() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.endpoints.custom.provider=hmac",
					"webhook.receiver.endpoints.custom.secret=test-only-secret",
					"webhook.receiver.endpoints.custom.signature.header=X-Signature",
					"webhook.receiver.endpoints.custom.event-type=xml:type")
			.run((context) -> assertThat(analyze(context).getDescription()).isEqualTo("Invalid "
					+ "webhook.receiver.endpoints.custom.event-type 'xml:type': 'type' is not a JSON pointer; a "
					+ "pointer starts with '/', as in xml:/data/id."));
	}

	@Test
	void reportsAMissingDeliveryStore() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebhookReceiverAutoConfiguration.class,
					JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class))
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("The webhook receiver needs a DeliveryStore");
				assertThat(analysis.getAction()).startsWith("Add spring-boot-starter-data-jpa and a DataSource");
			});
	}

	@Test
	void reportsAnAcquireTimeoutThatIsNotPositive() {
		this.contextRunner.withPropertyValues("webhook.receiver.store.acquire-timeout=0s").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription())
				.isEqualTo("webhook.receiver.store.acquire-timeout is PT0S, but it must be positive.");
			assertThat(analysis.getAction()).startsWith("Set it to how long a delivery may wait for a database");
		});
	}

	@Test
	void reportsAnAcquireTimeoutThatHikariCannotUseAsItsConnectionTimeout() {
		this.contextRunner.withPropertyValues("webhook.receiver.store.acquire-timeout=100ms").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).startsWith("webhook.receiver.store.acquire-timeout (PT0.1S) cannot "
					+ "be the connection timeout of the HikariCP DataSource 'dataSource': connectionTimeout cannot "
					+ "be less than 250ms");
			assertThat(analysis.getAction()).contains("spring.datasource.hikari.connection-timeout");
		});
	}

	@Test
	void reportsAMisspeltTopLevelPropertyWithTheClosestName() {
		this.contextRunner
			.withPropertyValues("webhook.receiver.tolerence=10m", GITHUB + "provider=github",
					GITHUB + "secret=test-only-secret")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("webhook.receiver.tolerence");
				assertThat(analysis.getAction())
					.contains("webhook.receiver.tolerence: did you mean webhook.receiver.tolerance?");
			});
	}

	@Test
	void reportsMisspeltEndpointPropertiesWithoutTheirValues() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secrte=test-only-misspelt-secret",
					GITHUB + "pth=/hooks/github", GITHUB + "signatur.header=X-Signature")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains(GITHUB + "secrte", GITHUB + "pth")
					.doesNotContain("test-only-misspelt-secret")
					.doesNotContain("/hooks/github");
				assertThat(analysis.getAction()).contains(GITHUB + "secrte: did you mean " + GITHUB + "secret?",
						GITHUB + "pth: did you mean " + GITHUB + "path?",
						GITHUB + "signatur.header: did you mean " + GITHUB + "signature.header?");
			});
	}

	@Test
	void listsThePropertiesWhereNoNameIsClose() {
		this.contextRunner.withPropertyValues("webhook.receiver.store.cleanup=true")
			.run((context) -> assertThat(analyze(context).getAction())
				.contains("webhook.receiver.store.cleanup: webhook.receiver.store has the properties "
						+ "acquire-timeout, continue-on-error, durable-commits"));
	}

	@Test
	void leavesPropertiesOfOtherPrefixesToSpringBoot() {
		this.contextRunner.withPropertyValues("webhook.receivers.tolerance=10m", GITHUB + "provider=github",
				GITHUB + "secret=test-only-secret")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesAsyncProcessingWithoutStoredPayloads() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "processing.mode=async", "webhook.receiver.store.store-payloads=false")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo(GITHUB + "processing.mode is async, so workers process "
						+ "deliveries of webhook endpoint 'github' from the store, but "
						+ "webhook.receiver.store.store-payloads is false: their payloads would not be kept.");
				assertThat(analysis.getAction()).startsWith("Set webhook.receiver.store.store-payloads to true");
			});
	}

	@Test
	void refusesRetriesOfFailedSyncDeliveriesWithoutStoredPayloads() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					"webhook.receiver.processing.retry-failed=true", "webhook.receiver.store.store-payloads=false")
			.run((context) -> assertThat(analyze(context).getDescription())
				.startsWith("webhook.receiver.processing.retry-failed is true, so workers process deliveries of "
						+ "webhook endpoint 'github' from the store"));
	}

	@Test
	void refusesAsyncProcessingWithAStoreThatDoesNotSupportIt() {
		this.contextRunner.withBean(DeliveryStore.class, NoOpDeliveryStore::new)
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "processing.mode=async")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo(GITHUB + "processing.mode is async, so workers process "
						+ "deliveries of webhook endpoint 'github' from the store, but the DeliveryStore bean, a "
						+ NoOpDeliveryStore.class.getName() + ", does not support async processing (its "
						+ "supportsAsync() is false).");
				assertThat(analysis.getAction()).startsWith("Implement the async methods of DeliveryStore (receive, "
						+ "claimStored, claimDue, fail with a next attempt, giveUp) in "
						+ NoOpDeliveryStore.class.getName() + " and return true from its supportsAsync()")
					.endsWith("or process the endpoint's deliveries in sync mode without retry-failed.");
			});
	}

	@Test
	void refusesRetriesOfFailedSyncDeliveriesWithAStoreThatDoesNotSupportThem() {
		this.contextRunner.withBean(DeliveryStore.class, NoOpDeliveryStore::new)
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					"webhook.receiver.processing.retry-failed=true")
			.run((context) -> assertThat(analyze(context).getDescription())
				.startsWith("webhook.receiver.processing.retry-failed is true, so workers process deliveries of "
						+ "webhook endpoint 'github' from the store, but the DeliveryStore bean")
				.endsWith("does not support async processing (its supportsAsync() is false)."));
	}

	@Test
	void startsSyncEndpointsWithAStoreThatDoesNotSupportAsyncProcessing() {
		this.contextRunner.withBean(DeliveryStore.class, NoOpDeliveryStore::new)
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(DeliveryWorkers.class));
	}

	@Test
	void refusesANonPositiveProcessingValueNamingWhereItWasSet() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					GITHUB + "processing.max-attempts=0")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription())
					.isEqualTo(GITHUB + "processing.max-attempts is 0, but it must be positive.");
				assertThat(analysis.getAction()).isEqualTo("Set a positive number.");
			});
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					"webhook.receiver.processing.poll-interval=0s")
			.run((context) -> assertThat(analyze(context).getDescription())
				.isEqualTo("webhook.receiver.processing.poll-interval is PT0S, but it must be positive."));
	}

	@Test
	void refusesAMaxBackoffShorterThanTheInitialOne() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					"webhook.receiver.processing.initial-backoff=1m", GITHUB + "processing.max-backoff=30s")
			.run((context) -> assertThat(analyze(context).getDescription()).isEqualTo(GITHUB
					+ "processing.max-backoff (PT30S) is shorter than webhook.receiver.processing.initial-backoff (PT1M)."));
	}

	@Test
	void refusesAnUnknownProcessingProperty() {
		this.contextRunner
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=test-only-secret",
					"webhook.receiver.processing.sync-lease=1m")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void findsConfigurationErrorsBeforeJpaStarts() {
		List<String> created = new ArrayList<>();
		this.contextRunner.withBean(CreatedBeans.class, () -> new CreatedBeans(created))
			.withPropertyValues(GITHUB + "provider=github", GITHUB + "secret=${GITHUB_WEBHOOK_SECRET}")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(created).contains("dataSource").doesNotContain("entityManagerFactory");
			});
	}

	/**
	 * Sets the secret of the github endpoint as it is, untrimmed, as a file or environment
	 * variable can.
	 */
	private static ApplicationContextInitializer<ConfigurableApplicationContext> githubSecret(String secret) {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("secret", Map.of(GITHUB + "secret", secret)));
	}

	/**
	 * Analyzes the context's startup failure as {@code SpringApplication} does: with the
	 * failure analyzers of {@code spring.factories}, in order, the first answer winning.
	 */
	static FailureAnalysis analyze(AssertableWebApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments, FailureHandler.handleMessage((message, ex) -> {
			}))) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				assertThat(analyzer.getClass().getPackageName()).as("the analyzer of %s", failure)
					.isEqualTo(WebhookReceiverAutoConfiguration.class.getPackageName());
				return analysis;
			}
		}
		throw new AssertionError("No failure analyzer analyzed " + failure, failure);
	}

	static class CreatedBeans implements BeanPostProcessor {

		private final List<String> names;

		CreatedBeans(List<String> names) {
			this.names = names;
		}

		@Override
		public @Nullable Object postProcessBeforeInitialization(Object bean, String beanName) {
			this.names.add(beanName);
			return bean;
		}

	}

	static class RefusingProvider implements WebhookProvider {

		@Override
		public String name() {
			return "acme";
		}

		@Override
		public void validate(WebhookEndpoint endpoint) {
			throw new IllegalStateException("the acme secret must start with acme_");
		}

		@Override
		public VerifiedDelivery verify(WebhookRequest request, WebhookEndpoint endpoint, Clock clock) {
			throw new UnsupportedOperationException();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnresolvableParameterConfiguration {

		@Bean
		UnresolvableParameterHandlers unresolvableParameterHandlers() {
			return new UnresolvableParameterHandlers();
		}

	}

	static class UnresolvableParameterHandlers {

		@WebhookHandler(endpoint = "github", event = "push")
		void onPush(WebhookEvent event, String payload, Clock clock) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MisnamedHandlerConfiguration {

		@Bean
		MisnamedHandlers misnamedHandlers() {
			return new MisnamedHandlers();
		}

	}

	static class ReplyingHandlers {

		@WebhookHandler(endpoint = "github", event = "push")
		String onPush(WebhookEvent event) {
			return "pushed";
		}

	}

	static class OtherReplyingHandlers {

		@WebhookHandler
		String onEveryEvent(WebhookEvent event) {
			return "seen";
		}

	}

	static class MisnamedHandlers {

		@WebhookHandler(endpoint = "gitlab", event = "push")
		void onPush(WebhookEvent event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadPatternConfiguration {

		@Bean
		BadPatternHandlers badPatternHandlers() {
			return new BadPatternHandlers();
		}

	}

	static class BadPatternHandlers {

		@WebhookHandler(endpoint = "github", event = "issues*")
		void onIssue(WebhookEvent event) {
		}

	}

}
