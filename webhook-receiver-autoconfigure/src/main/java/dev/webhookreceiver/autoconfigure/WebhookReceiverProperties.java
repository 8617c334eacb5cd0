package dev.webhookreceiver.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.webhookreceiver.process.ProcessingMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of webhook-receiver.
 */
@ConfigurationProperties(prefix = "webhook.receiver", ignoreUnknownFields = false)
public class WebhookReceiverProperties {

	/**
	 * Whether the webhook receiver is auto-configured.
	 */
	private boolean enabled = true;

	/**
	 * Path under which endpoints are mapped by default, as {base-path}/{name}.
	 */
	private String basePath = "/webhooks";

	/**
	 * Largest accepted request body. Larger deliveries are refused with 413 while reading.
	 */
	private DataSize maxPayloadSize = DataSize.ofMegabytes(1);

	/**
	 * Most bytes of request bodies held in memory at once, over all endpoints. A delivery is
	 * admitted when its declared Content-Length (or max-payload-size when it declares none)
	 * fits; beyond it, new deliveries are answered 503 with Retry-After before their bodies
	 * are read. Not less than max-payload-size. Defaults to an eighth of the maximum heap
	 * size, and to at least max-payload-size.
	 */
	private @Nullable DataSize maxInFlight;

	/**
	 * Longest time a request body may take to arrive, from the start of reading to its last
	 * byte. A slower body is answered 408 and its thread freed.
	 */
	private Duration readTimeout = Duration.ofSeconds(5);

	/**
	 * Default timestamp tolerance, in both directions, for providers that sign a timestamp. At
	 * least a second.
	 */
	private Duration tolerance = Duration.ofMinutes(5);

	private final Processing processing = new Processing();

	private final Store store = new Store();

	private final Security security = new Security();

	private final Health health = new Health();

	/**
	 * Webhook endpoints by name. Each endpoint sets 'provider' and its secrets ('secret',
	 * 'secrets') and may set 'path', 'tolerance', 'allowed-sources', 'delivery-id' and
	 * 'event-type'; the 'hmac' provider also reads 'signature.*' and 'timestamp'.
	 */
	private Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getBasePath() {
		return this.basePath;
	}

	public void setBasePath(String basePath) {
		this.basePath = basePath;
	}

	public DataSize getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	public void setMaxPayloadSize(DataSize maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
	}

	public @Nullable DataSize getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(@Nullable DataSize maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Duration getTolerance() {
		return this.tolerance;
	}

	public void setTolerance(Duration tolerance) {
		this.tolerance = tolerance;
	}

	public Processing getProcessing() {
		return this.processing;
	}

	public Store getStore() {
		return this.store;
	}

	public Security getSecurity() {
		return this.security;
	}

	public Health getHealth() {
		return this.health;
	}

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(Map<String, Endpoint> endpoints) {
		this.endpoints = endpoints;
	}

	/**
	 * How deliveries are processed, for every endpoint that does not override a value.
	 */
	public static class Processing {

		/**
		 * When handlers run: 'sync' while the request waits, or 'async' after the delivery is
		 * stored and answered 202, by workers, with retries. Async needs
		 * 'webhook.receiver.store.store-payloads'.
		 */
		private ProcessingMode mode = ProcessingMode.SYNC;

		/**
		 * How many times workers run the handlers of a delivery before it is DEAD.
		 */
		private int maxAttempts = 8;

		/**
		 * Wait after the first failed attempt; each further one doubles it, up to max-backoff,
		 * less up to a fifth at random.
		 */
		private Duration initialBackoff = Duration.ofSeconds(10);

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxBackoff = Duration.ofHours(1);

		/**
		 * How long a claim lasts, after which another worker (or, for a claim committed on its
		 * own, another request) may take the delivery over. Longer than the slowest handler.
		 */
		private Duration lease = Duration.ofMinutes(5);

		/**
		 * Worker threads per instance that process stored deliveries.
		 */
		private int concurrency = 4;

		/**
		 * How often idle workers look for due deliveries stored by any instance, retried, or
		 * left by a worker whose lease expired.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * Whether workers also retry the failed deliveries of sync endpoints, with the same
		 * backoff and max-attempts. Needs 'webhook.receiver.store.store-payloads'.
		 */
		private boolean retryFailed;

		public ProcessingMode getMode() {
			return this.mode;
		}

		public void setMode(ProcessingMode mode) {
			this.mode = mode;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public boolean isRetryFailed() {
			return this.retryFailed;
		}

		public void setRetryFailed(boolean retryFailed) {
			this.retryFailed = retryFailed;
		}

	}

	/**
	 * How one endpoint's deliveries are processed: each value unset here is
	 * 'webhook.receiver.processing.*'.
	 */
	public static class EndpointProcessing {

		/**
		 * When this endpoint's handlers run: 'sync' or 'async'.
		 */
		private @Nullable ProcessingMode mode;

		/**
		 * How many times workers run the handlers of a delivery before it is DEAD.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Wait after the first failed attempt.
		 */
		private @Nullable Duration initialBackoff;

		/**
		 * Longest wait between two attempts.
		 */
		private @Nullable Duration maxBackoff;

		/**
		 * How long a claim lasts before another worker may take the delivery over.
		 */
		private @Nullable Duration lease;

		/**
		 * Worker threads of this endpoint's own, instead of sharing those of the endpoints
		 * with the global settings.
		 */
		private @Nullable Integer concurrency;

		/**
		 * How often idle workers of this endpoint look for due deliveries.
		 */
		private @Nullable Duration pollInterval;

		/**
		 * Whether workers retry this sync endpoint's failed deliveries.
		 */
		private @Nullable Boolean retryFailed;

		public @Nullable ProcessingMode getMode() {
			return this.mode;
		}

		public void setMode(@Nullable ProcessingMode mode) {
			this.mode = mode;
		}

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(@Nullable Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public @Nullable Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(@Nullable Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public @Nullable Duration getLease() {
			return this.lease;
		}

		public void setLease(@Nullable Duration lease) {
			this.lease = lease;
		}

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(@Nullable Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public @Nullable Boolean getRetryFailed() {
			return this.retryFailed;
		}

		public void setRetryFailed(@Nullable Boolean retryFailed) {
			this.retryFailed = retryFailed;
		}

	}

	/**
	 * Delivery store settings.
	 */
	public static final class Store extends DatabaseInitializationProperties {

		private static final String DEFAULT_SCHEMA_LOCATION = "classpath:dev/webhookreceiver/store/schema-@@platform@@.sql";

		/**
		 * Whether to keep the raw body and selected headers of each delivery.
		 */
		private boolean storePayloads = true;

		/**
		 * How long a completed (PROCESSED or IGNORED) delivery is kept after its last update
		 * before it is purged. Zero or a negative value switches purging off.
		 */
		private Duration retention = Duration.ofDays(30);

		/**
		 * Whether to make the commits of an H2 file database durable at startup, by setting
		 * its WRITE_DELAY to 0: H2 otherwise writes a commit to its file up to half a second
		 * later, and a crash in between loses deliveries that were already answered. Other
		 * databases are used as they are configured.
		 */
		private boolean durableCommits = true;

		/**
		 * How long a delivery waits for the database: for a connection, before it is answered
		 * 503 with Retry-After, and for a concurrent copy of itself that another request is
		 * processing, before it is answered 409 (whole seconds; on H2 its LOCK_TIMEOUT, 2s by
		 * default, bounds that wait instead). Applied as the connection timeout of a HikariCP
		 * pool whose spring.datasource.hikari.connection-timeout is not set; with any other
		 * pool, or when that property is set, the pool's own timeout applies.
		 */
		private Duration acquireTimeout = Duration.ofSeconds(3);

		private final Purge purge = new Purge();

		public Store() {
			setInitializeSchema(DatabaseInitializationMode.EMBEDDED);
		}

		@Override
		public String getDefaultSchemaLocation() {
			return DEFAULT_SCHEMA_LOCATION;
		}

		public boolean isStorePayloads() {
			return this.storePayloads;
		}

		public void setStorePayloads(boolean storePayloads) {
			this.storePayloads = storePayloads;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public boolean isDurableCommits() {
			return this.durableCommits;
		}

		public void setDurableCommits(boolean durableCommits) {
			this.durableCommits = durableCommits;
		}

		public Duration getAcquireTimeout() {
			return this.acquireTimeout;
		}

		public void setAcquireTimeout(Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
		}

		public Purge getPurge() {
			return this.purge;
		}

	}

	/**
	 * Settings of the purge of completed deliveries older than the retention.
	 */
	public static class Purge {

		/**
		 * Time between the end of a purge and the start of the next one.
		 */
		private Duration interval = Duration.ofHours(1);

		/**
		 * Largest number of deliveries deleted in one transaction.
		 */
		private int batchSize = 1000;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

	/**
	 * Spring Security settings.
	 */
	public static class Security {

		/**
		 * Whether, with Spring Security, POST requests to the endpoints whose deliveries are
		 * verified get a security filter chain of their own that permits them without login
		 * and CSRF token. Endpoints with provider 'none' are never exempted.
		 */
		private boolean permitWebhookPaths = true;

		public boolean isPermitWebhookPaths() {
			return this.permitWebhookPaths;
		}

		public void setPermitWebhookPaths(boolean permitWebhookPaths) {
			this.permitWebhookPaths = permitWebhookPaths;
		}

	}

	/**
	 * Settings of the 'webhooks' health contributor.
	 */
	public static class Health {

		/**
		 * The longest a delivery that is due for a worker (stored, failed and due for another
		 * attempt, or claimed by a worker whose lease expired) may wait before the health is
		 * DOWN.
		 */
		private Duration maxPendingAge = Duration.ofMinutes(15);

		/**
		 * The most DEAD deliveries before the health is DOWN. No limit when not set.
		 */
		private @Nullable Long maxDead;

		public Duration getMaxPendingAge() {
			return this.maxPendingAge;
		}

		public void setMaxPendingAge(Duration maxPendingAge) {
			this.maxPendingAge = maxPendingAge;
		}

		public @Nullable Long getMaxDead() {
			return this.maxDead;
		}

		public void setMaxDead(@Nullable Long maxDead) {
			this.maxDead = maxDead;
		}

	}

	/**
	 * A webhook endpoint.
	 */
	@ConfigurationPropertiesSource
	public static class Endpoint {

		/**
		 * Provider that verifies and identifies deliveries: a built-in provider name or the
		 * name of a bean implementing WebhookProvider.
		 */
		private @Nullable String provider;

		/**
		 * Secret that signs deliveries, or the sender's public key for providers that check
		 * Ed25519 signatures. Merged with 'secrets'.
		 */
		private @Nullable String secret;

		/**
		 * Secrets that sign deliveries, several during a rotation: a delivery is valid if any
		 * matches. Merged with 'secret'.
		 */
		private List<String> secrets = new ArrayList<>();

		/**
		 * Request path of the endpoint, which may have template variables such as
		 * /webhooks/{tenant}/stripe. Defaults to {base-path}/{name}.
		 */
		private @Nullable String path;

		/**
		 * Addresses deliveries are accepted from, as IPv4 or IPv6 CIDR blocks. Other senders
		 * are refused with 403 before the body is read. Behind a proxy, set
		 * 'server.forward-headers-strategy' so that the sender's address is seen. Empty means
		 * every address.
		 */
		private List<String> allowedSources = new ArrayList<>();

		/**
		 * Timestamp tolerance of this endpoint, in both directions, at least a second.
		 * Defaults to 'webhook.receiver.tolerance'.
		 */
		private @Nullable Duration tolerance;

		/**
		 * How the 'hmac' provider finds and checks a signature.
		 */
		private final Signature signature = new Signature();

		/**
		 * Where the 'hmac' provider reads the signing timestamp (epoch seconds), as
		 * 'header:NAME'. Without it, deliveries carry no timestamp.
		 */
		private @Nullable String timestamp;

		/**
		 * Where the delivery id is read: 'header:NAME', 'json:/pointer', 'xml:/pointer' or
		 * 'form:NAME'. Overrides where a built-in provider reads it; for 'hmac' and 'none' it
		 * defaults to the SHA-256 of the body.
		 */
		private @Nullable String deliveryId;

		/**
		 * Where the event type is read: 'header:NAME', 'json:/pointer', 'xml:/pointer',
		 * 'form:NAME' or 'fixed:NAME'. Overrides where a built-in provider reads it; required for
		 * 'hmac' and 'none'.
		 */
		private @Nullable String eventType;

		/**
		 * How this endpoint's deliveries are processed; each value defaults to
		 * 'webhook.receiver.processing.*'.
		 */
		private final EndpointProcessing processing = new EndpointProcessing();

		public @Nullable String getProvider() {
			return this.provider;
		}

		public void setProvider(@Nullable String provider) {
			this.provider = provider;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public List<String> getSecrets() {
			return this.secrets;
		}

		public void setSecrets(List<String> secrets) {
			this.secrets = secrets;
		}

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public List<String> getAllowedSources() {
			return this.allowedSources;
		}

		public void setAllowedSources(List<String> allowedSources) {
			this.allowedSources = allowedSources;
		}

		public @Nullable Duration getTolerance() {
			return this.tolerance;
		}

		public void setTolerance(@Nullable Duration tolerance) {
			this.tolerance = tolerance;
		}

		public Signature getSignature() {
			return this.signature;
		}

		public @Nullable String getTimestamp() {
			return this.timestamp;
		}

		public void setTimestamp(@Nullable String timestamp) {
			this.timestamp = timestamp;
		}

		public @Nullable String getDeliveryId() {
			return this.deliveryId;
		}

		public void setDeliveryId(@Nullable String deliveryId) {
			this.deliveryId = deliveryId;
		}

		public @Nullable String getEventType() {
			return this.eventType;
		}

		public void setEventType(@Nullable String eventType) {
			this.eventType = eventType;
		}

		public EndpointProcessing getProcessing() {
			return this.processing;
		}

	}

	/**
	 * How the 'hmac' provider finds and checks a signature.
	 */
	public static class Signature {

		/**
		 * Header that carries the signature. Required by the 'hmac' provider.
		 */
		private @Nullable String header;

		/**
		 * MAC algorithm: HmacSHA1, HmacSHA256 or HmacSHA512.
		 */
		private String algorithm = "HmacSHA256";

		/**
		 * How the signature is encoded in the header.
		 */
		private Encoding encoding = Encoding.HEX;

		/**
		 * Text before the encoded signature in the header, stripped before decoding, for
		 * example 'sha256='.
		 */
		private String prefix = "";

		/**
		 * Template of the signed bytes, of {id}, {timestamp}, {url}, {body} and literal text,
		 * for example '{timestamp}.{body}'.
		 */
		private String signedContent = "{body}";

		public @Nullable String getHeader() {
			return this.header;
		}

		public void setHeader(@Nullable String header) {
			this.header = header;
		}

		public String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(String algorithm) {
			this.algorithm = algorithm;
		}

		public Encoding getEncoding() {
			return this.encoding;
		}

		public void setEncoding(Encoding encoding) {
			this.encoding = encoding;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public String getSignedContent() {
			return this.signedContent;
		}

		public void setSignedContent(String signedContent) {
			this.signedContent = signedContent;
		}

		/**
		 * Encodings of a signature.
		 */
		public enum Encoding {

			/** Hexadecimal, either case. */
			HEX,

			/** Standard base64. */
			BASE64

		}

	}

}
