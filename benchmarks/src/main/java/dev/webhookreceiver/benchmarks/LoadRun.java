package dev.webhookreceiver.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.webhookreceiver.benchmarks.bare.BareEndpointApplication;
import dev.webhookreceiver.benchmarks.handwritten.HandWrittenControllerApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * The end-to-end load run of issue 8: starts each app in turn as a JVM of its own, waits until
 * it answers, loads it with {@link LoadDriver} (warm-up, then the measured period), stops it and
 * prints one table with every app side by side. The apps:
 * <ul>
 * <li>{@code bare}: {@link BareEndpointApplication}, a Spring MVC endpoint that reads the body and
 * answers 200, the limit;</li>
 * <li>{@code hand-written}: {@link HandWrittenControllerApplication}, the controller a Spring user
 * writes by hand (JDK HMAC, Spring Data JPA {@code existsById}, {@code save}), the peer;</li>
 * <li>{@code hand-written-handler}: the same controller that also does what the sample app's
 * {@code issues.opened} handler does (the body bound to a record, one row saved through JPA), in
 * one transaction with its record: the peer of {@code starter-handler};</li>
 * <li>{@code starter-ignored}: the sample app's GitHub endpoint with an event it has no handler
 * for ({@code star}), answered {@code ignored};</li>
 * <li>{@code starter-handler}: the sample app's GitHub endpoint with {@code issues.opened}, whose
 * handler writes one row through JPA.</li>
 * </ul>
 * Every delivery is a signed 1 KiB GitHub delivery with a new delivery id. The databases are
 * H2 in memory, or with {@code --postgres} one embedded PostgreSQL server with a database of its
 * own per app. Run it from the repository's root after building (docs/performance.md):
 * <pre>
 * benchmarks/load-run.sh [options]
 * </pre>
 * Options: {@code --connections N} (32), {@code --warmup SECONDS} (10), {@code --duration SECONDS}
 * (20), {@code --rounds N} (1: with more, the apps are measured in turn N times, which spreads
 * the noise of a shared machine over all of them, and the median round is shown), {@code --rate PER_SECOND}
 * (0: each connection sends its next delivery when the last one is answered, as fast as the app
 * answers; a rate: the connections send that many deliveries a second in all at fixed times, an
 * open loop whose latencies count from each delivery's scheduled time, see {@link LoadDriver}),
 * {@code --postgres}, {@code --fsync}
 * (with {@code --postgres}: every commit waits for its WAL to be flushed to disk, as on a production server;
 * the embedded server's defaults, {@code fsync} and {@code synchronous_commit} off, make commits cost no disk
 * wait), {@code --jvm-args "ARGS"} (the apps' JVM options, {@code -Xmx1g}),
 * {@code --only NAME,...} (some of the apps), {@code --profile} (a JFR recording of the measured
 * period and a thread dump in its middle, per app, under {@code benchmarks/target/load-run}),
 * {@code --drain} (for the starter's apps, once the measured period ended and nothing more is
 * sent: how fast the async workers process the backlog the load left, see {@link #drain}; with
 * {@code --profile}, also a JFR recording of the drain and a thread dump 2 s into it).
 */
public final class LoadRun {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	/** The longest a drain may take before the run gives up on it. */
	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

	/** How long the handlers' count must stay put, with nothing pending, for the drain to be over. */
	private static final Duration DRAIN_QUIET = Duration.ofSeconds(3);

	private static final Pattern PENDING = Pattern.compile("\"pending\"\\s*:\\s*(\\d+)");

	private static final Pattern COUNT = Pattern.compile("\"statistic\"\\s*:\\s*\"COUNT\"\\s*,\\s*\"value\"\\s*:\\s*([0-9.Ee+]+)");

	private final Options options;

	private final Path root;

	private final Path output;

	private LoadRun(Options options, Path root) {
		this.options = options;
		this.root = root;
		this.output = root.resolve("benchmarks/target/load-run");
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println("Usage: LoadRun [--connections N] [--warmup SECONDS] [--duration SECONDS] [--rounds N] [--rate PER_SECOND] [--postgres [--fsync]]"
					+ " [--jvm-args \"ARGS\"] [--only bare,hand-written,hand-written-handler,starter-ignored,starter-handler] [--profile] [--drain]");
			System.exit(2);
			return;
		}
		new LoadRun(options, root()).run();
	}

	private void run() throws Exception {
		Files.createDirectories(this.output);
		byte[] body = LargeBodiesLoad.body(1024);
		Path sampleJar = sampleJar();
		String classpath = System.getProperty("java.class.path");
		List<App> apps = List.of(
				new App("bare", "bare Spring MVC endpoint (the limit)", false,
						List.of("-cp", classpath, BareEndpointApplication.class.getName()), "issues"),
				new App("hand-written", "hand-written controller (JDK HMAC, Spring Data JPA)", true,
						List.of("-cp", classpath, HandWrittenControllerApplication.class.getName(),
								"--github.webhook.secret=" + LargeBodiesLoad.GITHUB_SECRET),
						"issues"),
				new App("hand-written-handler",
						"hand-written controller + the same handler (JSON to a record, 1 JPA insert, one transaction)",
						true,
						List.of("-cp", classpath, HandWrittenControllerApplication.class.getName(),
								"--github.webhook.secret=" + LargeBodiesLoad.GITHUB_SECRET, "--github.webhook.handler=true"),
						"issues"),
				new App("starter-ignored", "starter, event without handler (ignored)", true,
						List.of("-jar", sampleJar.toString()), "star"),
				new App("starter-handler", "starter, issues.opened handler (1 JPA insert)", true,
						List.of("-jar", sampleJar.toString()), "issues"));
		List<App> selected = apps.stream()
			.filter((app) -> this.options.only().isEmpty() || this.options.only().contains(app.name()))
			.toList();
		System.out.printf("Load run: %d connections%s, %d s warm-up, %d s measured, %d round(s), %s, apps with %s, %d cores, Java %s%n",
				this.options.connections(),
				(this.options.rate() > 0) ? String.format(" sending %.0f deliveries a second in all (an open loop)",
						this.options.rate()) : " (a closed loop)",
				this.options.warmup().toSeconds(), this.options.duration().toSeconds(),
				this.options.rounds(),
				this.options.postgres()
						? "embedded PostgreSQL" + (this.options.fsync() ? " (fsync and synchronous_commit on)" : "")
						: "H2 in memory",
				this.options.jvmArgs(),
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
		EmbeddedPostgres postgres = this.options.postgres() ? postgres() : null;
		try {
			Map<App, List<Round>> results = new LinkedHashMap<>();
			for (int round = 1; round <= this.options.rounds(); round++) {
				for (App app : selected) {
					List<String> database = app.database() ? database(app, round, postgres) : List.of();
					LoadDriver.Delivery delivery = new LoadDriver.Delivery("/webhooks/github", app.event(), body,
							LargeBodiesLoad.GITHUB_SECRET);
					results.computeIfAbsent(app, (key) -> new ArrayList<>()).add(measure(app, database, delivery));
				}
			}
			printTable(results);
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
	}

	private EmbeddedPostgres postgres() throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("log_min_messages", "fatal");
		if (this.options.fsync()) {
			builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
		}
		return builder.start();
	}

	private List<String> database(App app, int round, @Nullable EmbeddedPostgres postgres) throws SQLException {
		String name = app.name().replace('-', '_') + "_" + round;
		if (postgres == null) {
			return List.of("--spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1",
					"--spring.datasource.username=sa", "--spring.datasource.password=");
		}
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", name),
				"--spring.datasource.username=postgres", "--spring.datasource.password=");
	}

	private Round measure(App app, List<String> database, LoadDriver.Delivery delivery) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(this.options.jvmArgs());
		command.addAll(app.launch());
		command.add("--server.port=" + port);
		command.addAll(database);
		Path log = this.output.resolve(app.name() + ".log");
		System.out.printf("%s: starting (log %s)%n", app.name(), this.root.relativize(log));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitReady(process, port, log);
			LoadDriver driver = LoadDriver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
					delivery, this.options.connections(), this.options.rate());
			Thread.sleep(this.options.warmup().toMillis());
			Duration cpuBefore = cpuTime(process);
			driver.measure();
			if (this.options.profile()) {
				Path recording = this.output.resolve(app.name() + ".jfr");
				jcmd(process, "JFR.start", "name=load", "settings=profile",
						"duration=" + this.options.duration().toSeconds() + "s", "filename=" + recording);
				Thread.sleep(this.options.duration().toMillis() / 2);
				Files.writeString(this.output.resolve(app.name() + "-threads.txt"), jcmd(process, "Thread.print"));
				Thread.sleep(this.options.duration().toMillis() - this.options.duration().toMillis() / 2);
			}
			else {
				Thread.sleep(this.options.duration().toMillis());
			}
			LoadDriver.Result result = driver.stop();
			Duration cpu = cpuTime(process).minus(cpuBefore);
			Drain drain = null;
			if (app.name().startsWith("starter")) {
				// Async deliveries answered but not yet processed are work the CPU figure leaves out.
				System.out.printf("%s: backlog when the measured period ended: %s%n", app.name(), webhooksHealth(port));
				if (this.options.drain()) {
					drain = drain(app, process, port);
				}
			}
			double cpuPerRequest = (result.requests() > 0) ? cpu.toNanos() / 1e3 / result.requests() : 0;
			System.out.printf(Locale.ROOT,
					"%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, statuses %s, errors %d, app CPU %.0f µs/req%n",
					app.name(), result.perSecond(), millis(result.p50()), millis(result.p99()), millis(result.max()),
					result.statuses(), result.errors(), cpuPerRequest);
			return new Round(result, cpuPerRequest, drain);
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	/**
	 * Measures how fast the workers process the backlog left when the load stopped: the
	 * {@code webhook.handler} timer's count (one handler per delivery) is read every 100 ms from
	 * the moment the last request was answered; the drain is over once the count stayed put for
	 * {@link #DRAIN_QUIET} and the {@code webhooks} health (whose counts are up to 5 s old) says
	 * nothing is pending, and it lasted until the count last rose. Nothing else runs in the app
	 * meanwhile, so the rate is the workers' alone, with the whole CPU (of the app: the machine
	 * may be shared) and the whole pool.
	 * @return the drain, or {@code null} if the handlers ran for none (a sync endpoint)
	 */
	private @Nullable Drain drain(App app, Process process, int port) throws Exception {
		long start = System.nanoTime();
		double startCount = handlerCount(port);
		Duration cpuBefore = cpuTime(process);
		Path recording = this.output.resolve(app.name() + "-drain.jfr");
		if (this.options.profile()) {
			jcmd(process, "JFR.start", "name=drain", "settings=profile", "filename=" + recording);
		}
		boolean dumped = !this.options.profile();
		double count = startCount;
		long lastRise = start;
		long deadline = start + DRAIN_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Thread.sleep(100);
			double now = handlerCount(port);
			if (now > count) {
				count = now;
				lastRise = System.nanoTime();
			}
			if (!dumped && System.nanoTime() - start > Duration.ofSeconds(2).toNanos()) {
				Files.writeString(this.output.resolve(app.name() + "-drain-threads.txt"), jcmd(process, "Thread.print"));
				dumped = true;
			}
			if (System.nanoTime() - lastRise > DRAIN_QUIET.toNanos() && pending(port) == 0) {
				break;
			}
		}
		Duration cpu = cpuTime(process).minus(cpuBefore);
		if (this.options.profile()) {
			jcmd(process, "JFR.stop", "name=drain");
		}
		long processed = (long) (count - startCount);
		if (processed == 0) {
			System.out.printf("%s: nothing to drain (the handlers ran for every delivery while it was answered)%n",
					app.name());
			return null;
		}
		double seconds = (lastRise - start) / 1e9;
		Drain drain = new Drain(processed, seconds, cpu.toNanos() / 1e3 / processed);
		System.out.printf(Locale.ROOT,
				"%s: drained %d deliveries in %.1f s once sending stopped: %.0f deliveries/s, app CPU %.0f µs/delivery; then %s%n",
				app.name(), processed, seconds, drain.perSecond(), drain.cpuMicrosPerDelivery(), webhooksHealth(port));
		return drain;
	}

	/**
	 * How many times the handlers ran: the count of the {@code webhook.handler} timer.
	 */
	private static double handlerCount(int port) throws InterruptedException {
		String metric = get(port, "/actuator/metrics/webhook.handler");
		Matcher count = COUNT.matcher(metric);
		return count.find() ? Double.parseDouble(count.group(1)) : 0;
	}

	/**
	 * The {@code pending} deliveries of the {@code webhooks} health, or -1 if it does not say.
	 */
	private static long pending(int port) throws InterruptedException {
		Matcher pending = PENDING.matcher(webhooksHealth(port));
		return pending.find() ? Long.parseLong(pending.group(1)) : -1;
	}

	/**
	 * The CPU time the app's process has used, all its threads: what a delivery costs whatever
	 * share of the cores the app gets on a shared machine.
	 */
	private static Duration cpuTime(Process process) {
		return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
	}

	private static void awaitReady(Process process, int port, Path log) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The app stopped before it answered; see " + log);
			}
			try {
				client.send(probe, HttpResponse.BodyHandlers.discarding());
				return;
			}
			catch (IOException ex) {
				// not listening yet
				Thread.sleep(250);
			}
		}
		throw new IllegalStateException("The app did not answer within " + STARTUP_TIMEOUT + "; see " + log);
	}

	/**
	 * The sample's webhooks health: its {@code pending} deliveries are those stored but not yet
	 * processed.
	 */
	private static String webhooksHealth(int port) throws InterruptedException {
		return get(port, "/actuator/health/webhooks");
	}

	private static String get(int port, String path) throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			return "unknown (" + ex + ")";
		}
	}

	private static String jcmd(Process process, String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>();
		line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
		line.add(Long.toString(process.pid()));
		line.addAll(Arrays.asList(command));
		Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		jcmd.waitFor();
		return output;
	}

	/**
	 * Prints one line per app; with more than one round, the median round's figures (by req/s)
	 * and the range of req/s over the rounds. Beside the throughput, the app's CPU time per
	 * request (the median over the rounds), and both as ratios to the app's hand-written peer.
	 */
	private void printTable(Map<App, List<Round>> results) {
		Map<App, Round> medians = new LinkedHashMap<>();
		Map<App, Double> cpu = new LinkedHashMap<>();
		results.forEach((app, rounds) -> {
			medians.put(app, median(rounds, (round) -> round.result().perSecond()));
			cpu.put(app, median(rounds, Round::cpuMicrosPerRequest).cpuMicrosPerRequest());
		});
		System.out.println();
		System.out.println("| app | req/s | req/s over " + this.options.rounds() + " rounds | p50 (ms) | p99 (ms) "
				+ "| non-2xx | errors | app CPU per request (µs) | peer | req/s ratio to the peer "
				+ "| CPU per request, the peer's over this |" + (this.options.drain()
						? " drained per second | drained per second over the rounds | app CPU per drained delivery (µs) |"
						: ""));
		System.out.println("|---|---|---|---|---|---|---|---|---|---|---|" + (this.options.drain() ? "---|---|---|" : ""));
		medians.forEach((app, median) -> {
			List<Round> rounds = results.get(app);
			DoubleSummaryStatistics perSecond = rounds.stream()
				.mapToDouble((round) -> round.result().perSecond())
				.summaryStatistics();
			App peer = peerOf(app, medians.keySet());
			String ratio = "-";
			String cpuRatio = "-";
			if (peer != null && medians.get(peer).result().perSecond() > 0 && cpu.get(app) > 0) {
				ratio = String.format(Locale.ROOT, "%.2f",
						median.result().perSecond() / medians.get(peer).result().perSecond());
				cpuRatio = String.format(Locale.ROOT, "%.2f", cpu.get(peer) / cpu.get(app));
			}
			LoadDriver.Result result = median.result();
			System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %.1f | %.1f | %d | %d | %,.0f | %s | %s | %s |%s%n",
					app.description(), result.perSecond(), perSecond.getMin(), perSecond.getMax(), millis(result.p50()),
					millis(result.p99()), rounds.stream().mapToLong((round) -> round.result().non2xx()).sum(),
					rounds.stream().mapToLong((round) -> round.result().errors()).sum(), cpu.get(app),
					(peer != null) ? peer.name() : "-", ratio, cpuRatio, this.options.drain() ? drainColumns(rounds) : "");
		});
	}

	/**
	 * The drain columns of an app: the median drain rate over the rounds that had a backlog, their
	 * range, and the median CPU per drained delivery; dashes for an app without a backlog.
	 */
	private static String drainColumns(List<Round> rounds) {
		List<Drain> drains = rounds.stream().map(Round::drain).filter((drain) -> drain != null).toList();
		if (drains.isEmpty()) {
			return " - | - | - |";
		}
		List<Double> rates = drains.stream().map(Drain::perSecond).sorted().toList();
		List<Double> cpu = drains.stream().map(Drain::cpuMicrosPerDelivery).sorted().toList();
		return String.format(Locale.ROOT, " %,.0f | %,.0f–%,.0f | %,.0f |", rates.get((rates.size() - 1) / 2),
				rates.get(0), rates.get(rates.size() - 1), cpu.get((cpu.size() - 1) / 2));
	}

	/**
	 * The hand-written app that does the same work as an app: {@code hand-written-handler} for
	 * the starter with a handler, {@code hand-written} for the others.
	 */
	private static @Nullable App peerOf(App app, Collection<App> apps) {
		String peer = app.name().equals("starter-handler") ? "hand-written-handler" : "hand-written";
		return apps.stream()
			.filter((candidate) -> candidate.name().equals(peer))
			.findFirst()
			.or(() -> apps.stream().filter((candidate) -> candidate.name().equals("hand-written")).findFirst())
			.orElse(null);
	}

	private static Round median(List<Round> rounds, ToDoubleFunction<Round> by) {
		return rounds.stream().sorted(Comparator.comparingDouble(by)).toList().get((rounds.size() - 1) / 2);
	}

	/**
	 * One measured round of one app.
	 *
	 * @param result what the driver measured
	 * @param cpuMicrosPerRequest the app process's CPU time per answered request, in µs
	 * @param drain the backlog processed once the load stopped, with {@code --drain}
	 */
	private record Round(LoadDriver.Result result, double cpuMicrosPerRequest, @Nullable Drain drain) {

	}

	/**
	 * The backlog an app's workers processed once the load stopped.
	 *
	 * @param deliveries how many they processed
	 * @param seconds how long it took
	 * @param cpuMicrosPerDelivery the app process's CPU time per delivery meanwhile, in µs
	 */
	private record Drain(long deliveries, double seconds, double cpuMicrosPerDelivery) {

		double perSecond() {
			return (this.seconds > 0) ? this.deliveries / this.seconds : 0;
		}

	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The repository's root: the working directory or, when run from {@code benchmarks}, its parent.
	 */
	private static Path root() {
		Path cwd = Path.of("").toAbsolutePath();
		return (Files.isDirectory(cwd.resolve("sample-app"))) ? cwd : cwd.getParent();
	}

	private Path sampleJar() throws IOException {
		Path target = this.root.resolve("sample-app/target");
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			return files.filter((file) -> file.getFileName().toString().matches("sample-app-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new UncheckedIOException(new IOException("No sample-app/target/sample-app-*.jar under "
						+ this.root + "; build it first: ./mvnw -B -pl sample-app,benchmarks -am package -DskipTests")));
		}
	}

	/**
	 * An app of the load run.
	 *
	 * @param name its short name, for {@code --only} and the files it writes
	 * @param description its line in the table
	 * @param database whether it gets a database
	 * @param launch the JVM's arguments after its options: the class path and main class, or the jar
	 * @param event the {@code X-GitHub-Event} it is sent
	 */
	private record App(String name, String description, boolean database, List<String> launch, String event) {
	}

	/**
	 * The options of a load run.
	 */
	private record Options(int connections, Duration warmup, Duration duration, int rounds, boolean postgres,
			boolean fsync, List<String> jvmArgs, List<String> only, boolean profile, double rate, boolean drain) {

		static Options parse(String[] args) {
			int connections = 32;
			Duration warmup = Duration.ofSeconds(10);
			Duration duration = Duration.ofSeconds(20);
			int rounds = 1;
			boolean postgres = false;
			boolean fsync = false;
			List<String> jvmArgs = List.of("-Xmx1g");
			List<String> only = List.of();
			boolean profile = false;
			double rate = 0;
			boolean drain = false;
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				switch (arg) {
					case "--postgres" -> postgres = true;
					case "--fsync" -> fsync = true;
					case "--profile" -> profile = true;
					case "--drain" -> drain = true;
					case "--connections", "--warmup", "--duration", "--rounds", "--jvm-args", "--only", "--rate" -> {
						if (i + 1 == args.length) {
							throw new IllegalArgumentException(arg + " needs a value");
						}
						String value = args[++i];
						switch (arg) {
							case "--connections" -> connections = Integer.parseInt(value);
							case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(value));
							case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(value));
							case "--rounds" -> rounds = Integer.parseInt(value);
							case "--jvm-args" -> jvmArgs = List.of(value.trim().split("\\s+"));
							case "--rate" -> rate = Double.parseDouble(value);
							default -> only = List.of(value.split(","));
						}
					}
					default -> throw new IllegalArgumentException("Unknown option: " + arg);
				}
			}
			if (fsync && !postgres) {
				throw new IllegalArgumentException("--fsync needs --postgres");
			}
			if (rate < 0) {
				throw new IllegalArgumentException("--rate must not be negative");
			}
			return new Options(connections, warmup, duration, rounds, postgres, fsync, jvmArgs, only, profile, rate,
					drain);
		}

	}

}
