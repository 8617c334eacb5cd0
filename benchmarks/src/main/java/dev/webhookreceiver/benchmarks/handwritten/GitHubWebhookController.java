package dev.webhookreceiver.benchmarks.handwritten;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RestController;

/**
 * GitHub deliveries, received the way the documentation of GitHub and Spring suggest: the
 * body as bytes, its HMAC-SHA256 compared in constant time with {@code X-Hub-Signature-256},
 * then the delivery id looked up and recorded, so that a redelivery is answered 409. With
 * {@code github.webhook.handler=true} the delivery is also handled ({@link IssueOpenedHandler}),
 * in one transaction with its record, as the starter's handlers are.
 */
@RestController
class GitHubWebhookController {

	private final SecretKeySpec key;

	private final ProcessedDeliveryRepository deliveries;

	private final @Nullable IssueOpenedHandler handler;

	private final TransactionTemplate transactions;

	GitHubWebhookController(@Value("${github.webhook.secret}") String secret,
			@Value("${github.webhook.handler:false}") boolean handle, ProcessedDeliveryRepository deliveries,
			IssueOpenedHandler handler, PlatformTransactionManager transactionManager) {
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		this.deliveries = deliveries;
		this.handler = handle ? handler : null;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@PostMapping("/webhooks/github")
	ResponseEntity<String> receive(@RequestBody byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) @Nullable String signature,
			@RequestHeader("X-GitHub-Delivery") String deliveryId, @RequestHeader("X-GitHub-Event") String event)
			throws GeneralSecurityException {
		if (signature == null || !MessageDigest.isEqual(expectedSignature(body),
				signature.getBytes(StandardCharsets.US_ASCII))) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body("bad signature");
		}
		IssueOpenedHandler handler = this.handler;
		if (handler == null) {
			return record(deliveryId, event);
		}
		try {
			return this.transactions.execute((status) -> {
				ResponseEntity<String> answer = record(deliveryId, event);
				if (answer.getStatusCode().is2xxSuccessful()) {
					handler.handle(body, event, deliveryId);
				}
				else {
					status.setRollbackOnly();
				}
				return answer;
			});
		}
		catch (DataIntegrityViolationException ex) {
			// A copy of the same delivery was saved between the check and the commit.
			return ResponseEntity.status(HttpStatus.CONFLICT).body("duplicate");
		}
	}

	private ResponseEntity<String> record(String deliveryId, String event) {
		if (this.deliveries.existsById(deliveryId)) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body("duplicate");
		}
		try {
			this.deliveries.save(new ProcessedDelivery(deliveryId, event));
		}
		catch (DataIntegrityViolationException ex) {
			// A copy of the same delivery was saved between the check and the insert.
			return ResponseEntity.status(HttpStatus.CONFLICT).body("duplicate");
		}
		return ResponseEntity.ok("processed");
	}

	private byte[] expectedSignature(byte[] body) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(this.key);
		return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
	}

}
