package dev.webhookreceiver.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.unit.DataSize;

/**
 * Reads a request body as the exact bytes received, within three limits:
 * <ul>
 * <li>the size, {@code max-payload-size}: refused first by the declared
 * {@code Content-Length}, then while reading, so that a sender that declares no length or a
 * wrong one cannot make the receiver buffer more than the limit;</li>
 * <li>the memory, {@code max-in-flight}: the body's share (its declared length, or the size limit
 * when it declares none) is reserved in a {@link BodyMemoryBudget} before a byte is read, and
 * released when the {@link ReceivedBody} is closed;</li>
 * <li>the time, {@code read-timeout}: a body still arriving after it is refused, freeing the
 * thread.</li>
 * </ul>
 * A body that cannot be read to its end, because the connection ended early or the chunked
 * encoding is broken, is refused as incomplete; a sender that went silent until the server's
 * socket read timeout passed, as too slow.
 * A body of a declared length is read into one array of exactly that length; a body without
 * one into chunks that are joined once at the end, never into an array that grows by copying.
 */
class RequestBodyReader {

	private static final int CHUNK_SIZE = 8192;

	private final DataSize maxPayloadSize;

	private final int limit;

	private final BodyMemoryBudget budget;

	private final Duration readTimeout;

	RequestBodyReader(DataSize maxPayloadSize, BodyMemoryBudget budget, Duration readTimeout) {
		this.maxPayloadSize = maxPayloadSize;
		this.limit = Math.toIntExact(maxPayloadSize.toBytes());
		this.budget = budget;
		this.readTimeout = readTimeout;
	}

	/**
	 * Reads the body of a request.
	 * @param request the request
	 * @return the body, to be closed once the request is answered
	 * @throws PayloadTooLargeException if the body is larger than the size limit
	 * @throws ReceiverBusyException if the memory budget has no room for the body
	 * @throws BodyReadTimeoutException if the body did not arrive in time, or the server's socket
	 * read timeout passed while the sender sent nothing
	 * @throws IncompleteBodyException if the body ended before it was complete or its transfer
	 * encoding is broken
	 */
	ReceivedBody read(HttpServletRequest request) throws PayloadTooLargeException, ReceiverBusyException,
			BodyReadTimeoutException, IncompleteBodyException {
		long declared = request.getContentLengthLong();
		if (declared > this.limit) {
			throw tooLarge("the body declares " + declared + " bytes; the limit is " + this.limit + " bytes");
		}
		long share = (declared >= 0) ? declared : this.limit;
		if (!this.budget.tryReserve(share)) {
			throw new ReceiverBusyException("the bodies being received fill webhook.receiver.max-in-flight ("
					+ DataSize.ofBytes(this.budget.capacity()) + "); retry later");
		}
		boolean received = false;
		try {
			long deadline = System.nanoTime() + this.readTimeout.toNanos();
			byte[] body;
			try (InputStream in = request.getInputStream()) {
				body = (declared >= 0) ? readDeclared(in, (int) declared, deadline) : readUndeclared(in, deadline);
			}
			catch (IOException ex) {
				if (isSocketTimeout(ex)) {
					throw new BodyReadTimeoutException("the sender sent nothing more of the body within the server's "
							+ "socket read timeout (server.tomcat.connection-timeout)");
				}
				Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
				throw new IncompleteBodyException("the body could not be read to its end: the connection ended "
						+ "before it was complete, or its chunked transfer encoding is not valid ("
						+ ((cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName()) + ")");
			}
			this.budget.release(share - body.length);
			received = true;
			return new ReceivedBody(body, this.budget);
		}
		finally {
			if (!received) {
				this.budget.release(share);
			}
		}
	}

	private byte[] readDeclared(InputStream in, int length, long deadline)
			throws IOException, BodyReadTimeoutException {
		byte[] body = new byte[length];
		int filled = 0;
		while (filled < length) {
			int read = in.read(body, filled, length - filled);
			if (read < 0) {
				// The sender closed early: what arrived is what verification sees.
				return Arrays.copyOf(body, filled);
			}
			filled += read;
			if (filled < length) {
				checkDeadline(deadline, filled);
			}
		}
		return body;
	}

	private byte[] readUndeclared(InputStream in, long deadline)
			throws IOException, PayloadTooLargeException, BodyReadTimeoutException {
		List<byte[]> chunks = new ArrayList<>();
		int total = 0;
		while (true) {
			byte[] chunk = new byte[CHUNK_SIZE];
			int filled = 0;
			int read = 0;
			while (filled < CHUNK_SIZE && (read = in.read(chunk, filled, CHUNK_SIZE - filled)) >= 0) {
				filled += read;
				if (total + filled > this.limit) {
					throw tooLarge("the body is longer than the limit of " + this.limit + " bytes");
				}
				checkDeadline(deadline, total + filled);
			}
			chunks.add((filled < CHUNK_SIZE) ? Arrays.copyOf(chunk, filled) : chunk);
			total += filled;
			if (read < 0) {
				break;
			}
		}
		byte[] body = new byte[total];
		int position = 0;
		for (byte[] chunk : chunks) {
			System.arraycopy(chunk, 0, body, position, chunk.length);
			position += chunk.length;
		}
		return body;
	}

	private void checkDeadline(long deadline, int received) throws BodyReadTimeoutException {
		if (System.nanoTime() - deadline > 0) {
			throw new BodyReadTimeoutException("only " + received + " bytes of the body arrived within "
					+ this.readTimeout.toMillis() + " ms (webhook.receiver.read-timeout=" + this.readTimeout + ")");
		}
	}

	private static boolean isSocketTimeout(IOException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private PayloadTooLargeException tooLarge(String what) {
		return new PayloadTooLargeException(what + " (webhook.receiver.max-payload-size=" + this.maxPayloadSize + ")");
	}

	/**
	 * A body read within the limits, holding its share of the memory budget until closed.
	 */
	static final class ReceivedBody implements AutoCloseable {

		private final byte[] bytes;

		private final BodyMemoryBudget budget;

		private boolean closed;

		ReceivedBody(byte[] bytes, BodyMemoryBudget budget) {
			this.bytes = bytes;
			this.budget = budget;
		}

		/**
		 * The body exactly as received; the array is shared, not copied.
		 * @return the bytes
		 */
		byte[] bytes() {
			return this.bytes;
		}

		/**
		 * Releases the body's share of the memory budget, once.
		 */
		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				this.budget.release(this.bytes.length);
			}
		}

	}

}
