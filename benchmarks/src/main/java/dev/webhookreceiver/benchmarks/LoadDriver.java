package dev.webhookreceiver.benchmarks;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The load driver of the end-to-end load run ({@link LoadRun}): a fixed number of HTTP/1.1
 * keep-alive connections, each a thread that sends a signed GitHub delivery, waits for the
 * answer and sends the next one (a closed loop, as {@code wrk} does). Every delivery has a new
 * {@code X-GitHub-Delivery} id; GitHub signs only the body, so the request is signed once and
 * built once per connection, and only the id's last 12 hex digits are rewritten per request.
 * The driver shares the machine's cores with the server, so it does the least it can: blocking
 * sockets, pre-built request bytes, the answer parsed as bytes and discarded.
 * <p>
 * With a rate, the loop is open instead, as {@code wrk2} does: the deliveries are sent at that
 * many per second in all, spread evenly over the connections, each at its scheduled time
 * ({@link Schedule}), whether or not the server kept up. A delivery's latency is then counted
 * from its scheduled time, not from when its connection was free to write it, so that the
 * time a delivery would have waited behind a slow answer is counted too (no coordinated
 * omission): what a sender that delivers at that rate sees. The schedule starts again with the
 * measured period, so that a backlog of the warm-up is not counted in it.
 * <p>
 * {@link #start} starts the warm-up, {@link #measure} starts the measured period, {@link #stop}
 * ends it and returns what was answered during it: requests, their latency (from writing the
 * request to reading the whole answer) and their statuses. A request counts when its answer is
 * read in the measured period, so that a slow server's requests in flight at its start count too.
 */
public final class LoadDriver {

	private static final int WARM_UP = 0;

	private static final int MEASURE = 1;

	private static final int STOP = 2;

	private final List<Worker> workers = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile int phase = WARM_UP;

	private volatile long measureStart;

	private LoadDriver() {
	}

	/**
	 * Opens the connections and starts sending as fast as the server answers, not yet
	 * measuring.
	 * @param address the server
	 * @param delivery what to send
	 * @param connections how many connections send at once
	 * @return the running driver
	 */
	public static LoadDriver start(InetSocketAddress address, Delivery delivery, int connections) {
		return start(address, delivery, connections, 0);
	}

	/**
	 * Opens the connections and starts sending, not yet measuring.
	 * @param address the server
	 * @param delivery what to send
	 * @param connections how many connections send at once
	 * @param ratePerSecond how many deliveries to send a second in all, at fixed times (an open
	 * loop), or {@code 0} to send each as soon as the connection's last one is answered (a
	 * closed loop)
	 * @return the running driver
	 */
	public static LoadDriver start(InetSocketAddress address, Delivery delivery, int connections,
			double ratePerSecond) {
		LoadDriver driver = new LoadDriver();
		long startNanos = System.nanoTime();
		for (int i = 0; i < connections; i++) {
			Schedule schedule = (ratePerSecond > 0) ? new Schedule(startNanos, ratePerSecond, connections, i) : null;
			Worker worker = driver.new Worker(address, delivery, schedule);
			driver.workers.add(worker);
			Thread thread = new Thread(worker, "load-" + i);
			thread.setDaemon(true);
			driver.threads.add(thread);
			thread.start();
		}
		return driver;
	}

	/**
	 * Starts the measured period: the answers read from now on count.
	 */
	public void measure() {
		this.measureStart = System.nanoTime();
		this.phase = MEASURE;
	}

	/**
	 * Ends the measured period, waits for the connections to finish their request and closes them.
	 * @return what was answered during the measured period
	 * @throws InterruptedException if interrupted while waiting for the connections
	 */
	public Result stop() throws InterruptedException {
		long end = System.nanoTime();
		this.phase = STOP;
		long nanos = end - this.measureStart;
		for (int i = 0; i < this.threads.size(); i++) {
			Thread thread = this.threads.get(i);
			thread.join(60_000);
			if (thread.isAlive()) {
				// A request without an answer: closing its socket ends the read.
				this.workers.get(i).close();
				thread.join();
			}
		}
		SortedMap<Integer, Long> statuses = new TreeMap<>();
		long errors = 0;
		int count = 0;
		for (Worker worker : this.workers) {
			worker.close();
			count += worker.latencyCount;
			errors += worker.errors;
			worker.statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
		}
		long[] latencies = new long[count];
		int at = 0;
		for (Worker worker : this.workers) {
			System.arraycopy(worker.latencies, 0, latencies, at, worker.latencyCount);
			at += worker.latencyCount;
		}
		Arrays.sort(latencies);
		return new Result(count, nanos / 1e9, percentile(latencies, 0.50), percentile(latencies, 0.99),
				(count > 0) ? latencies[count - 1] : 0, statuses, errors);
	}

	private static long percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, index)];
	}

	/**
	 * A signed GitHub delivery, sent again and again with a new delivery id.
	 *
	 * @param path the endpoint's path, for example {@code /webhooks/github}
	 * @param event the {@code X-GitHub-Event} header
	 * @param body the body
	 * @param secret the webhook secret the body is signed with
	 */
	public record Delivery(String path, String event, byte[] body, String secret) {

		/**
		 * The delivery's request, with a random delivery id of the UUID form.
		 * @param address the server, for the {@code Host} header
		 * @return the request bytes
		 */
		Request request(InetSocketAddress address) {
			String signature = "sha256=" + VerificationBenchmark.Deliveries.hex(VerificationBenchmark.Deliveries
				.hmac(this.secret.getBytes(StandardCharsets.UTF_8), this.body));
			String head = "POST " + this.path + " HTTP/1.1\r\n" + "Host: " + address.getHostString() + ":"
					+ address.getPort() + "\r\n" + "User-Agent: GitHub-Hookshot/load-driver\r\n"
					+ "Content-Type: application/json\r\n" + "X-GitHub-Event: " + this.event + "\r\n"
					+ "X-Hub-Signature-256: " + signature + "\r\n" + "Content-Length: " + this.body.length + "\r\n"
					+ "X-GitHub-Delivery: ";
			String id = UUID.randomUUID().toString();
			byte[] headBytes = (head + id + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
			byte[] bytes = Arrays.copyOf(headBytes, headBytes.length + this.body.length);
			System.arraycopy(this.body, 0, bytes, headBytes.length, this.body.length);
			// The UUID's last group: 12 hex digits, rewritten with a counter per request.
			return new Request(bytes, head.length() + id.length() - 12);
		}

	}

	/**
	 * What the server answered during the measured period.
	 *
	 * @param requests the requests answered
	 * @param seconds the length of the measured period
	 * @param p50 the median latency, in nanoseconds
	 * @param p99 the 99th percentile latency, in nanoseconds
	 * @param max the longest latency, in nanoseconds
	 * @param statuses the count of each answer's status
	 * @param errors the requests that got no answer (a connection closed or timed out)
	 */
	public record Result(long requests, double seconds, long p50, long p99, long max, SortedMap<Integer, Long> statuses,
			long errors) {

		/**
		 * The answered requests per second.
		 * @return the throughput
		 */
		public double perSecond() {
			return (this.seconds > 0) ? this.requests / this.seconds : 0;
		}

		/**
		 * The answers whose status is not 2xx.
		 * @return their count
		 */
		public long non2xx() {
			return this.statuses.entrySet()
				.stream()
				.filter((entry) -> entry.getKey() < 200 || entry.getKey() > 299)
				.mapToLong((entry) -> entry.getValue())
				.sum();
		}

	}

	/**
	 * When one connection of an open loop sends its deliveries: the connections take turns, so
	 * that the deliveries of all of them are evenly spaced at the rate.
	 *
	 * @param startNanos when the load starts, in {@link System#nanoTime()}
	 * @param ratePerSecond the deliveries per second over all connections
	 * @param connections how many connections share the rate
	 * @param index this connection's index, from 0
	 */
	record Schedule(long startNanos, double ratePerSecond, int connections, int index) {

		/**
		 * When this connection sends its delivery number {@code n}.
		 * @param n the number of the delivery on this connection, from 0
		 * @return the time, in {@link System#nanoTime()}
		 */
		long sendAt(long n) {
			return this.startNanos + Math.round((n * this.connections + this.index) * 1e9 / this.ratePerSecond);
		}

		/**
		 * The same schedule, started at another time.
		 * @param nanos the new start, in {@link System#nanoTime()}
		 * @return the schedule
		 */
		Schedule startingAt(long nanos) {
			return new Schedule(nanos, this.ratePerSecond, this.connections, this.index);
		}

	}

	/**
	 * A request's bytes and where in them the last 12 hex digits of its delivery id are.
	 */
	record Request(byte[] bytes, int counterOffset) {
	}

	/**
	 * One keep-alive connection: writes a request, reads its answer.
	 */
	static final class Connection implements Closeable {

		private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		private final byte[] request;

		private final int counterOffset;

		private final byte[] buffer = new byte[16 * 1024];

		private int position;

		private int limit;

		private final byte[] line = new byte[8 * 1024];

		private boolean closeAfter;

		Connection(InetSocketAddress address, Request request) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.setSoTimeout(30_000);
			this.socket.connect(address, 10_000);
			this.out = this.socket.getOutputStream();
			this.in = this.socket.getInputStream();
			this.request = request.bytes();
			this.counterOffset = request.counterOffset();
		}

		/**
		 * Sends the request with the given number as the last 12 hex digits of its delivery id
		 * and reads the answer.
		 * @param number the delivery's number, distinct per delivery of a {@link Request}
		 * @return the answer's status
		 * @throws IOException if the connection fails or the answer is not HTTP/1.1
		 */
		int exchange(long number) throws IOException {
			long value = number;
			for (int i = 11; i >= 0; i--) {
				this.request[this.counterOffset + i] = HEX[(int) (value & 0xF)];
				value >>>= 4;
			}
			this.out.write(this.request);
			return readAnswer();
		}

		/**
		 * Whether the server said it closes the connection after the last answer.
		 * @return whether a new connection is needed
		 */
		boolean closeAfter() {
			return this.closeAfter;
		}

		private int readAnswer() throws IOException {
			int length = readLine();
			if (length < 12 || this.line[0] != 'H') {
				throw new IOException("Not an HTTP answer: " + new String(this.line, 0, length, StandardCharsets.ISO_8859_1));
			}
			int status = (this.line[9] - '0') * 100 + (this.line[10] - '0') * 10 + (this.line[11] - '0');
			long contentLength = 0;
			boolean chunked = false;
			this.closeAfter = false;
			while ((length = readLine()) > 0) {
				if (startsWith(length, "content-length:")) {
					contentLength = Long.parseLong(value(length, "content-length:"));
				}
				else if (startsWith(length, "transfer-encoding:")) {
					chunked = value(length, "transfer-encoding:").equalsIgnoreCase("chunked");
				}
				else if (startsWith(length, "connection:")) {
					this.closeAfter = value(length, "connection:").equalsIgnoreCase("close");
				}
			}
			if (chunked) {
				long size;
				while ((size = Long.parseLong(chunkSize(readLine()), 16)) > 0) {
					skip(size);
					readLine();
				}
				while (readLine() > 0) {
					// trailer fields
				}
			}
			else {
				skip(contentLength);
			}
			return status;
		}

		private String chunkSize(int length) {
			String size = new String(this.line, 0, length, StandardCharsets.US_ASCII);
			int extension = size.indexOf(';');
			return ((extension >= 0) ? size.substring(0, extension) : size).trim();
		}

		private boolean startsWith(int length, String lowerCaseName) {
			if (length < lowerCaseName.length()) {
				return false;
			}
			for (int i = 0; i < lowerCaseName.length(); i++) {
				if (Character.toLowerCase(this.line[i]) != lowerCaseName.charAt(i)) {
					return false;
				}
			}
			return true;
		}

		private String value(int length, String name) {
			return new String(this.line, name.length(), length - name.length(), StandardCharsets.US_ASCII).trim();
		}

		/**
		 * Reads a line without its CRLF into {@link #line}.
		 */
		private int readLine() throws IOException {
			int length = 0;
			while (true) {
				if (this.position == this.limit) {
					fill();
				}
				byte b = this.buffer[this.position++];
				if (b == '\n') {
					return (length > 0 && this.line[length - 1] == '\r') ? length - 1 : length;
				}
				if (length == this.line.length) {
					throw new IOException("A line of the answer is longer than " + this.line.length + " bytes");
				}
				this.line[length++] = b;
			}
		}

		private void skip(long count) throws IOException {
			long left = count;
			while (left > 0) {
				if (this.position == this.limit) {
					fill();
				}
				int n = (int) Math.min(left, this.limit - this.position);
				this.position += n;
				left -= n;
			}
		}

		private void fill() throws IOException {
			int n = this.in.read(this.buffer);
			if (n < 0) {
				throw new EOFException("The server closed the connection");
			}
			this.position = 0;
			this.limit = n;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	private final class Worker implements Runnable {

		private final InetSocketAddress address;

		private final Request request;

		private final @Nullable Schedule schedule;

		private volatile @Nullable Connection connection;

		private long[] latencies = new long[64 * 1024];

		private int latencyCount;

		private final SortedMap<Integer, Long> statuses = new TreeMap<>();

		private long errors;

		/**
		 * The number of the last delivery sent, over all of this worker's connections: the server
		 * closes a keep-alive connection after some requests, the ids must stay new.
		 */
		private long sent;

		Worker(InetSocketAddress address, Delivery delivery, @Nullable Schedule schedule) {
			this.address = address;
			this.request = delivery.request(address);
			this.schedule = schedule;
		}

		@Override
		public void run() {
			Schedule schedule = this.schedule;
			long scheduled = 0;
			boolean measuring = false;
			while (LoadDriver.this.phase != STOP) {
				if (schedule != null && !measuring && LoadDriver.this.phase == MEASURE) {
					// What the warm-up left behind (the JIT compiling while the load began) is
					// not carried into the measured period: its schedule starts anew.
					measuring = true;
					schedule = schedule.startingAt(LoadDriver.this.measureStart);
					scheduled = 0;
				}
				long start = (schedule != null) ? waitUntil(schedule.sendAt(scheduled++)) : System.nanoTime();
				if (LoadDriver.this.phase == STOP) {
					break;
				}
				int status;
				try {
					Connection connection = this.connection;
					if (connection == null) {
						connection = new Connection(this.address, this.request);
						this.connection = connection;
					}
					status = connection.exchange(++this.sent);
					if (connection.closeAfter()) {
						close();
					}
				}
				catch (IOException ex) {
					close();
					if (LoadDriver.this.phase == MEASURE) {
						this.errors++;
					}
					continue;
				}
				long end = System.nanoTime();
				if (LoadDriver.this.phase == MEASURE) {
					if (this.latencyCount == this.latencies.length) {
						this.latencies = Arrays.copyOf(this.latencies, this.latencies.length * 2);
					}
					this.latencies[this.latencyCount++] = end - start;
					this.statuses.merge(status, 1L, Long::sum);
				}
			}
		}

		/**
		 * Waits until the given time unless it is past, and returns it: a delivery's latency
		 * counts from its scheduled time, also when it is sent late.
		 */
		private long waitUntil(long sendAt) {
			long wait;
			while ((wait = sendAt - System.nanoTime()) > 0 && LoadDriver.this.phase != STOP) {
				LockSupport.parkNanos(wait);
			}
			return sendAt;
		}

		void close() {
			Connection connection = this.connection;
			this.connection = null;
			if (connection != null) {
				try {
					connection.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
		}

	}

}
