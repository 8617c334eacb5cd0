package dev.webhookreceiver.dispatch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.webhookreceiver.WebhookConfigurationException;
import dev.webhookreceiver.WebhookEvent;
import dev.webhookreceiver.WebhookHandler;
import dev.webhookreceiver.WebhookHeader;
import dev.webhookreceiver.dispatch.DispatchTestConfiguration.Invocations;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebhookHandlerMethodProcessor}.
 */
class WebhookHandlerMethodProcessorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(DispatchTestConfiguration.class);

	@Test
	void registersHandlerMethodsOfPlainBean() {
		this.contextRunner.withBean("orderHandlers", OrderHandlers.class).run((context) -> {
			assertThat(registry(context).handlerDescriptions()).containsExactly(
					new WebhookHandlerDescription("orderHandlers", OrderHandlers.class.getName() + ".onAnything()", "",
							List.of(), Ordered.LOWEST_PRECEDENCE),
					new WebhookHandlerDescription("orderHandlers", OrderHandlers.class.getName() + ".onOrder(NewOrder)",
							"orders", List.of("order.created", "order.paid"), Ordered.LOWEST_PRECEDENCE));
			assertThat(registry(context).handlersFor("orders", "order.created")).hasSize(2);
			assertThat(registry(context).handlersFor("github", "order.created")).hasSize(1);
		});
	}

	@Test
	void cachesHandlersPerEndpointAndEventType() {
		this.contextRunner.withBean("orderHandlers", OrderHandlers.class).run((context) -> {
			WebhookHandlerRegistry registry = registry(context);
			List<WebhookHandlerMethod> handlers = registry.handlersFor("orders", "order.paid.late");
			assertThat(handlers).extracting(WebhookHandlerMethod::toString)
				.containsExactly("OrderHandlers.onAnything()", "OrderHandlers.onOrder(NewOrder)");
			assertThat(registry.handlersFor("orders", "order.paid.late")).isSameAs(handlers);
			assertThat(registry.handlersFor("github", "order.paid.late")).extracting(WebhookHandlerMethod::toString)
				.containsExactly("OrderHandlers.onAnything()");
		});
	}

	@Test
	void registersNothingWhenNoBeanHasHandlers() {
		this.contextRunner.withBean("noHandlers", NoHandlers.class)
			.run((context) -> assertThat(registry(context).handlers()).isEmpty());
	}

	@Test
	void valueIsAnAliasForEvent() {
		this.contextRunner.withBean("valueHandlers", ValueHandlers.class)
			.run((context) -> assertThat(registry(context).handlerDescriptions())
				.singleElement()
				.satisfies((handler) -> assertThat(handler.events()).containsExactly("order")));
	}

	@Test
	void registersHandlerMethodsOfComposedAnnotations() {
		this.contextRunner.withBean("gitHubHandlers", GitHubHandlers.class).run((context) -> {
			assertThat(registry(context).handlerDescriptions()).singleElement().satisfies((handler) -> {
				assertThat(handler.endpoint()).isEqualTo("github");
				assertThat(handler.events()).containsExactly("issues.opened");
			});
			assertThat(dispatch(context, "github", "issues.opened")).isOne();
			assertThat(dispatch(context, "orders", "issues.opened")).isZero();
			assertThat(context.getBean(Invocations.class).handlers()).containsExactly("issueOpened");
		});
	}

	@Test
	void invokesPackagePrivateHandlerOnCglibProxyWithinItsTransaction() {
		this.contextRunner.withUserConfiguration(TransactionConfiguration.class)
			.withBean("transactionalHandlers", TransactionalHandlers.class)
			.run((context) -> {
				assertThat(AopUtils.isCglibProxy(context.getBean("transactionalHandlers"))).isTrue();
				assertThat(dispatch(context, "orders", "order.created")).isOne();
				assertThat(context.getBean(Invocations.class).arguments("transactional")).containsExactly(true);
				assertThat(context.getBean(RecordingTransactionManager.class).commits).isOne();
			});
	}

	@Test
	void invokesHandlerOnJdkProxyThroughItsInterfaceWithInterfaceParameterAnnotations() {
		this.contextRunner.withUserConfiguration(TransactionConfiguration.class)
			.withBean("interfaceHandlers", InterfaceHandlers.class)
			.run((context) -> {
				assertThat(AopUtils.isJdkDynamicProxy(context.getBean("interfaceHandlers"))).isTrue();
				assertThat(dispatch(context, "orders", "order.created")).isOne();
				assertThat(context.getBean(Invocations.class).arguments("interface")).containsExactly(true,
						"{\"id\":\"o-1\"}", "t-1");
				assertThat(context.getBean(RecordingTransactionManager.class).commits).isOne();
			});
	}

	@Test
	void failsWhenHandlerIsNotInvocableThroughJdkProxy() {
		this.contextRunner.withUserConfiguration(TransactionConfiguration.class)
			.withBean("hiddenHandlers", HiddenInterfaceHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageStartingWith("@WebhookHandler HiddenInterfaceHandlers.onOrder(JsonNode) "
						+ "(bean 'hiddenHandlers') cannot be invoked through the bean's proxy: "));
	}

	@Test
	void failsWhenAHandlerOnABeanProxiedByClassIsFinal() {
		this.contextRunner.withUserConfiguration(TransactionConfiguration.class)
			.withBean("finalHandlers", FinalTransactionalHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("@WebhookHandler FinalTransactionalHandlers.onOrder(NewOrder) "
						+ "(bean 'finalHandlers') is final, so the bean's proxy cannot pass the call on to the bean")
				.hasMessageContaining("Remove final from the method"));
	}

	@Test
	void failsWhenAHandlerOnABeanProxiedByClassIsPrivateSayingToWidenIt() {
		this.contextRunner.withUserConfiguration(TransactionConfiguration.class)
			.withBean("privateHandlers", PrivateTransactionalHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("@WebhookHandler PrivateTransactionalHandlers.onOrder(NewOrder) "
						+ "(bean 'privateHandlers') is private, so the bean's proxy cannot pass the call on to the bean")
				.hasMessageContaining("Make the method package-private, protected or public"));
	}

	@Test
	void invokesAFinalHandlerOfABeanThatIsNotProxied() {
		this.contextRunner.withBean("finalHandlers", FinalHandlers.class).run((context) -> {
			assertThat(dispatch(context, "orders", "order.created")).isOne();
			assertThat(context.getBean(Invocations.class).handlers()).containsExactly("final");
		});
	}

	@Test
	void ordersHandlersAcrossBeansByMethodThenBeanOrder() {
		this.contextRunner.withBean("unordered", UnorderedHandlers.class)
			.withBean("orderedBean", OrderedBeanHandlers.class)
			.withBean("orderedInterface", OrderedInterfaceHandlers.class)
			.withBean("orderedMethods", OrderedMethodHandlers.class)
			.run((context) -> {
				assertThat(dispatch(context, "orders", "order.created")).isEqualTo(5);
				assertThat(context.getBean(Invocations.class).handlers()).containsExactly("method-10", "bean-20",
						"interface-30", "method-40", "unordered");
				assertThat(registry(context).handlerDescriptions()).extracting(WebhookHandlerDescription::order)
					.containsExactly(10, 20, 30, 40, Ordered.LOWEST_PRECEDENCE);
			});
	}

	@Test
	void failsWhenHandlerNamesUnknownEndpoint() {
		this.contextRunner.withPropertyValues("test.endpoints=b,a")
			.withBean("orderHandlers", OrderHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessage("@WebhookHandler(endpoint = \"orders\") on OrderHandlers.onOrder(NewOrder) "
						+ "(bean 'orderHandlers') names no configured endpoint (configured: [a, b]). Configure "
						+ "webhook.receiver.endpoints.orders or fix the name."));
	}

	@Test
	void failsWhenEventPatternIsInvalid() {
		this.contextRunner.withBean("badPattern", BadPatternHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("@WebhookHandler(event = \"order*\") on BadPatternHandlers.onOrder() "
						+ "(bean 'badPattern'): 'order*' is not a valid event pattern"));
	}

	@Test
	void failsWhenParameterCannotBeResolved() {
		this.contextRunner.withBean("badHeader", BadHeaderHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessage("Cannot resolve parameter 1 (int attempt) of BadHeaderHandlers.onOrder(NewOrder, int) "
						+ "(bean 'badHeader'). A @WebhookHandler method takes at most one payload parameter "
						+ "(unannotated: a record, POJO, JsonNode, Map, String or byte[]), WebhookEvent, "
						+ "and @WebhookHeader String parameters; change the method's parameters accordingly."));
	}

	@Test
	void failsWhenParameterHasForeignAnnotation() {
		this.contextRunner.withBean("foreign", ForeignAnnotationHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("Cannot resolve parameter 0 (NewOrder order) of "
						+ "ForeignAnnotationHandlers.onOrder(NewOrder) (bean 'foreign'). "));
	}

	@Test
	void failsWhenThereIsMoreThanOnePayloadParameter() {
		this.contextRunner.withBean("twoPayloads", TwoPayloadHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessage("TwoPayloadHandlers.onOrder(WebhookEvent, NewOrder, JsonNode) (bean 'twoPayloads') "
						+ "has more than one payload parameter: parameter 1 (NewOrder order) and parameter 2 "
						+ "(JsonNode node). A @WebhookHandler method takes at most one payload parameter "
						+ "(unannotated: a record, POJO, JsonNode, Map, String or byte[]), WebhookEvent, "
						+ "and @WebhookHeader String parameters; change the method's parameters accordingly."));
	}

	@Test
	void keepsTheReplyOfTheOneValueReturningHandlerOfADelivery() {
		this.contextRunner.withBean("replies", ReplyingHandlers.class).run((context) -> {
			WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
			WebhookDispatcher.Dispatch dispatch = dispatcher.dispatchWithReply(dispatcher.event("orders", "d-1",
					"order.created", null, new HttpHeaders(), "{\"id\":\"o-1\"}".getBytes(StandardCharsets.UTF_8)));
			assertThat(dispatch.handlers()).isEqualTo(2);
			WebhookReply reply = dispatch.reply();
			assertThat(reply).isNotNull();
			assertThat(reply.body()).isEqualTo(new Receipt("o-1"));
			assertThat(reply.produces()).containsExactly(MediaType.APPLICATION_XML);
			assertThat(registry(context).handlersFor("orders", "order.created"))
				.extracting(WebhookHandlerMethod::replies)
				.containsExactlyInAnyOrder(true, false);
		});
	}

	@Test
	void acceptsValueReturningHandlersThatNoDeliveryMatchesTogether() {
		this.contextRunner.withBean("disjoint", DisjointReplyingHandlers.class)
			.run((context) -> assertThat(registry(context).handlers()).hasSize(3));
	}

	@Test
	void failsWhenTwoValueReturningHandlersCanMatchOneDelivery() {
		this.contextRunner.withBean("overlapping", OverlappingReplyingHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessage("@WebhookHandler OverlappingReplyingHandlers.created(NewOrder) (bean 'overlapping') and "
						+ "OverlappingReplyingHandlers.everyOrder(NewOrder) (bean 'overlapping') both return a value "
						+ "and can match the same delivery, which can be answered with one value only. Let one of "
						+ "them return void, or narrow their endpoint or event patterns so that no delivery matches "
						+ "both."));
	}

	@Test
	void failsWhenAValueReturningHandlerListensToAnAsyncEndpoint() {
		this.contextRunner.withPropertyValues("test.async-endpoints=orders")
			.withBean("replies", ReplyingHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("@WebhookHandler ReplyingHandlers.receipt(NewOrder) (bean 'replies') returns "
						+ "a value, but it listens to endpoint 'orders', which is processed asynchronously")
				.hasMessageEndingWith("(webhook.receiver.endpoints.orders.processing.mode=sync)."));
	}

	@Test
	void failsWhenAValueReturningHandlerOfEveryEndpointCouldListenToAnAsyncOne() {
		this.contextRunner.withPropertyValues("test.async-endpoints=github")
			.withBean("everywhere", EveryEndpointReplyingHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageContaining("listens to endpoint 'github', which is processed asynchronously")
				.hasMessageEndingWith(", or name a sync endpoint in the annotation."));
	}

	@Test
	void failsWhenAHandlerThatReturnsNothingDeclaresProduces() {
		this.contextRunner.withBean("voidProduces", VoidProducesHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessage("@WebhookHandler(produces = ...) on VoidProducesHandlers.onOrder() (bean 'voidProduces') "
						+ "names the media types of a reply, but the method returns nothing. Remove produces, or "
						+ "return the reply from the method."));
	}

	@Test
	void failsWhenProducesIsNotAMediaType() {
		this.contextRunner.withBean("badProduces", BadProducesHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(WebhookConfigurationException.class)
				.hasMessageStartingWith("@WebhookHandler(produces = \"xml\") on BadProducesHandlers.onOrder() "
						+ "(bean 'badProduces'): "));
	}

	private static WebhookHandlerRegistry registry(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(WebhookHandlerRegistry.class);
	}

	private static int dispatch(AssertableApplicationContext context, String endpoint, String eventType) {
		WebhookDispatcher dispatcher = context.getBean(WebhookDispatcher.class);
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
		headers.set("X-Trace", "t-1");
		return dispatcher.dispatch(dispatcher.event(endpoint, "d-1", eventType, null, headers,
				"{\"id\":\"o-1\"}".getBytes(StandardCharsets.UTF_8)));
	}

	record NewOrder(String id) {
	}

	static class OrderHandlers {

		@WebhookHandler(endpoint = "orders", event = { "order.created", "order.paid" })
		void onOrder(NewOrder order) {
		}

		@WebhookHandler
		void onAnything() {
		}

		void notAHandler() {
		}

	}

	static class NoHandlers {

		void onOrder(NewOrder order) {
		}

	}

	static class ValueHandlers {

		@WebhookHandler("order")
		void onOrder() {
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@WebhookHandler(endpoint = "github")
	@interface GitHubIssues {

		@AliasFor(annotation = WebhookHandler.class, attribute = "event")
		String[] value();

	}

	static class GitHubHandlers {

		private final Invocations invocations;

		GitHubHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@GitHubIssues("issues.opened")
		void issueOpened(JsonNode issue) {
			this.invocations.add("issueOpened", issue);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class TransactionConfiguration {

		@Bean
		RecordingTransactionManager transactionManager() {
			return new RecordingTransactionManager();
		}

	}

	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		int commits;

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.commits++;
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

	static class TransactionalHandlers {

		private final Invocations invocations;

		TransactionalHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@Transactional
		@WebhookHandler(endpoint = "orders", event = "order")
		void onOrder(NewOrder order) {
			this.invocations.add("transactional", TransactionSynchronizationManager.isActualTransactionActive());
		}

	}

	static class FinalHandlers {

		private final Invocations invocations;

		FinalHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@WebhookHandler(endpoint = "orders", event = "order")
		final void onOrder(NewOrder order) {
			this.invocations.add("final", order);
		}

	}

	static class FinalTransactionalHandlers extends FinalHandlers {

		FinalTransactionalHandlers(Invocations invocations) {
			super(invocations);
		}

		@Transactional
		void transactional() {
		}

	}

	static class PrivateTransactionalHandlers {

		@Transactional
		void transactional() {
		}

		@WebhookHandler(endpoint = "orders", event = "order")
		private void onOrder(NewOrder order) {
		}

	}

	interface OrderListener {

		void onOrder(String body, @WebhookHeader("X-Trace") String trace);

	}

	static class InterfaceHandlers implements OrderListener {

		private final Invocations invocations;

		InterfaceHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@Override
		@Transactional
		@WebhookHandler(endpoint = "orders", event = "order")
		public void onOrder(String body, String trace) {
			this.invocations.add("interface", TransactionSynchronizationManager.isActualTransactionActive(), body,
					trace);
		}

	}

	static class HiddenInterfaceHandlers implements OrderListener {

		@Override
		@Transactional
		public void onOrder(String body, String trace) {
		}

		@WebhookHandler(endpoint = "orders")
		public void onOrder(JsonNode node) {
		}

	}

	static class UnorderedHandlers {

		private final Invocations invocations;

		UnorderedHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@WebhookHandler
		void handle() {
			this.invocations.add("unordered");
		}

	}

	@Order(20)
	static class OrderedBeanHandlers {

		private final Invocations invocations;

		OrderedBeanHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@WebhookHandler("order")
		void handle() {
			this.invocations.add("bean-20");
		}

	}

	static class OrderedInterfaceHandlers implements Ordered {

		private final Invocations invocations;

		OrderedInterfaceHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@WebhookHandler(endpoint = "orders")
		void handle() {
			this.invocations.add("interface-30");
		}

		@Override
		public int getOrder() {
			return 30;
		}

	}

	@Order(1)
	static class OrderedMethodHandlers {

		private final Invocations invocations;

		OrderedMethodHandlers(Invocations invocations) {
			this.invocations = invocations;
		}

		@Order(40)
		@WebhookHandler("order.*")
		void late() {
			this.invocations.add("method-40");
		}

		@Order(10)
		@WebhookHandler("order.created")
		void early() {
			this.invocations.add("method-10");
		}

	}

	record Receipt(String orderId) {
	}

	static class ReplyingHandlers {

		@WebhookHandler(endpoint = "orders", event = "order.created", produces = "application/xml")
		Receipt receipt(NewOrder order) {
			return new Receipt(order.id());
		}

		@WebhookHandler(endpoint = "orders", event = "order")
		void record(NewOrder order) {
		}

	}

	static class DisjointReplyingHandlers {

		@WebhookHandler(endpoint = "orders", event = "order.created")
		Receipt orders(NewOrder order) {
			return new Receipt(order.id());
		}

		@WebhookHandler(endpoint = "github", event = "order.created")
		Receipt github(NewOrder order) {
			return new Receipt(order.id());
		}

		@WebhookHandler(endpoint = "orders", event = "orderly")
		Receipt orderly(NewOrder order) {
			return new Receipt(order.id());
		}

	}

	static class OverlappingReplyingHandlers {

		@WebhookHandler(endpoint = "orders", event = "order.created")
		Receipt created(NewOrder order) {
			return new Receipt(order.id());
		}

		@WebhookHandler(event = "order.*")
		Receipt everyOrder(NewOrder order) {
			return new Receipt(order.id());
		}

	}

	static class EveryEndpointReplyingHandlers {

		@WebhookHandler("order.created")
		Receipt receipt(NewOrder order) {
			return new Receipt(order.id());
		}

	}

	static class VoidProducesHandlers {

		@WebhookHandler(endpoint = "orders", produces = "application/xml")
		void onOrder() {
		}

	}

	static class BadProducesHandlers {

		@WebhookHandler(endpoint = "orders", produces = "xml")
		Receipt onOrder() {
			return new Receipt("o-1");
		}

	}

	static class BadPatternHandlers {

		@WebhookHandler("order*")
		void onOrder() {
		}

	}

	static class BadHeaderHandlers {

		@WebhookHandler
		void onOrder(NewOrder order, @WebhookHeader("X-Attempt") int attempt) {
		}

	}

	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@interface Payload {

	}

	static class ForeignAnnotationHandlers {

		@WebhookHandler
		void onOrder(@Payload NewOrder order) {
		}

	}

	static class TwoPayloadHandlers {

		@WebhookHandler
		void onOrder(WebhookEvent event, NewOrder order, JsonNode node) {
		}

	}

}
