package io.streamfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.client.JobLogs;
import io.streamfleet.client.JobPage;
import io.streamfleet.client.JobSubmission;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.api.JobView;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code streamfleet job submit|ls|show|cancel|retry|logs}: batch jobs (FFmpeg scenarios, or an exec processor run once). */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "Batch jobs: an FFmpeg scenario or an exec processor, run once on a node with room, retried on failure.",
    subcommands = {JobCommand.Submit.class, JobCommand.Ls.class, JobCommand.Show.class, JobCommand.Cancel.class, JobCommand.Retry.class,
        JobCommand.Logs.class})
final class JobCommand {

  @Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Submit a job (or a batch with -f FILE holding {\"jobs\": [...]}).",
          "Examples: streamfleet job submit --scenario 1080p30-h264 --duration-s 5 --wait",
          "          streamfleet job submit --processor transcode --input rtsp://cam/1"})
  static final class Submit implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin FormatOption output = new FormatOption();
    @Mixin JobFlags flags = new JobFlags();
    @Option(names = "--wait", description = "Wait until the job is finished; exit 1 unless it succeeded.") boolean waitForIt;
    @Option(names = "--wait-timeout-s", paramLabel = "SECONDS", description = "How long --wait waits (default 600); the job goes on after.")
    long waitTimeoutS = 600;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      if (waitTimeoutS <= 0) {
        throw new CliException("--wait-timeout-s " + waitTimeoutS + " is out of range; use 1 or more seconds", 2);
      }
      JsonNode body = flags.file == null ? null : BodyFiles.readTree(flags.file);
      List<JobRequest> batch = batch(body);
      JobRequest single = batch != null ? null : flags.request(body == null ? null : BodyFiles.as(flags.file, body, JobRequest.class));
      StreamfleetClient c = client.client();
      PrintWriter out = spec.commandLine().getOut();
      List<JobView> jobs;
      if (batch != null) {
        jobs = c.submitJobs(batch);
      } else {
        JobSubmission s = c.submitJob(single);
        jobs = List.of(s.job());
        if (!s.created() && !waitForIt && !output.json()) {
          out.println(JobViews.line(s.job()) + "   (submitted before with idempotency key " + single.idempotencyKey() + ")");
          return;
        }
      }
      if (waitForIt) {
        jobs = JobWaiter.polling(c).awaitFinal(jobs.stream().map(JobView::id).toList(), Duration.ofSeconds(waitTimeoutS));
      }
      print(out, jobs, batch == null ? jobs.getFirst() : jobs);
      if (waitForIt) {
        failUnlessAllSucceeded(jobs);
      }
    }

    /** The jobs of a batch body ({"jobs": [...]} or a JSON array), or null when it is one job. */
    private List<JobRequest> batch(JsonNode body) {
      JsonNode items = body == null ? null : body.isArray() ? body : body.isObject() && body.size() == 1 && body.has("jobs") ? body.get("jobs") : null;
      if (items == null) {
        return null;
      }
      if (!items.isArray() || items.isEmpty()) {
        throw new CliException("-f " + flags.file + ": \"jobs\" should be a non-empty list of job objects", 2);
      }
      if (flags.anyField()) {
        throw new CliException("-f " + flags.file + " holds a batch of " + items.size() + " jobs; flags cannot change a batch"
            + " (edit the file, or submit one job per command)", 2);
      }
      List<JobRequest> requests = new ArrayList<>();
      items.forEach(n -> requests.add(BodyFiles.as(flags.file, n, JobRequest.class)));
      return requests;
    }

    private static void failUnlessAllSucceeded(List<JobView> done) {
      List<JobView> unsuccessful = done.stream().filter(j -> !"succeeded".equals(j.state())).toList();
      if (unsuccessful.isEmpty()) {
        return;
      }
      JobView j = unsuccessful.getFirst();
      String why = j.reason() != null ? j.reason() : j.result() != null && j.result().reason() != null ? j.result().reason() : "no reason given";
      throw new CliException("job " + j.id() + " " + j.state() + ": " + why + (unsuccessful.size() > 1
          ? " (and " + (unsuccessful.size() - 1) + " more did not succeed)" : "") + "; see: streamfleet job logs " + j.id(), 1);
    }

    private void print(PrintWriter out, List<JobView> jobs, Object asJson) {
      if (!output.printedAsJson(out, asJson)) {
        jobs.forEach(j -> out.println(JobViews.line(j)));
      }
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
  static final class Ls implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Option(names = "--state", paramLabel = "STATE", description = "Only jobs in this state: queued, dispatched, running, succeeded, failed or canceled.") JobState state;
    @Option(names = "--node", paramLabel = "NODE", description = "Only jobs on this node.") String node;
    @Option(names = "--limit", paramLabel = "N", description = "At most this many (default: the server's).") Integer limit;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      if (limit != null && limit < 1) {
        throw new CliException("--limit " + limit + " is out of range; use 1 or more", 2);
      }
      JobPage page = client.client().jobs(state, node, limit);
      PrintWriter out = spec.commandLine().getOut();
      if (output.printedAsJson(out, page)) {
        return;
      }
      if (page.jobs().isEmpty()) {
        out.println(state == null && node == null ? "No jobs. Submit one: streamfleet job submit --scenario 1080p30-h264" : "No jobs match.");
        return;
      }
      JobViews.table(page.jobs(), System.currentTimeMillis()).print(out);
      if (page.total() > page.jobs().size()) {
        out.println("(" + page.jobs().size() + " of " + page.total() + " jobs; more with --limit N)");
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one job: its spec, state, result metrics and attempts.")
  static final class Show implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      JobView j = client.client().job(id);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedAsJson(out, j)) {
        JobViews.show(out, j);
      }
    }
  }

  /** A command that does one thing to each job it names and prints the jobs as they are afterwards. */
  abstract static class EachJob implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "ID", arity = "1..*") List<String> ids;
    @Spec CommandSpec spec;

    abstract JobView apply(StreamfleetClient c, String id);

    @Override
    public void run() {
      StreamfleetClient c = client.client();
      List<JobView> views = new ArrayList<>();
      for (String id : ids) {
        views.add(apply(c, id));
      }
      print(spec.commandLine().getOut(), output, views);
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel jobs; a running attempt is stopped.")
  static final class Cancel extends EachJob {
    @Override
    JobView apply(StreamfleetClient c, String id) {
      return c.cancelJob(id);
    }
  }

  @Command(name = "retry", mixinStandardHelpOptions = true, description = "Queue failed or canceled jobs again, with a fresh retry budget.")
  static final class Retry extends EachJob {
    @Override
    JobView apply(StreamfleetClient c, String id) {
      return c.retryJob(id);
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true, description = "A job's stderr tail (its newest attempt) and its attempt history.")
  static final class Logs implements Runnable {
    @Mixin ClientOptions client = new ClientOptions();
    @Mixin OutputOptions output = new OutputOptions();
    @Parameters(paramLabel = "ID") String id;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      JobLogs logs = client.client().jobLogs(id);
      PrintWriter out = spec.commandLine().getOut();
      if (!output.printedAsJson(out, logs)) {
        print(out, logs);
      }
    }

    static void print(PrintWriter out, JobLogs logs) {
      if (logs.stderrTail() == null || logs.stderrTail().isBlank()) {
        out.println("(no stderr captured)");
      } else {
        out.println("stderr (last lines):");
        logs.stderrTail().stripTrailing().lines().forEach(l -> out.println("  " + l));
      }
      out.println();
      if (logs.history().isEmpty()) {
        out.println("no attempts yet");
      } else {
        out.println("attempts (oldest first):");
        JobViews.history(logs.history()).print(out);
      }
    }
  }

  private static void print(PrintWriter out, OutputOptions output, List<JobView> views) {
    if (!output.printedAsJson(out, views.size() == 1 ? views.getFirst() : views)) {
      views.forEach(j -> out.println(JobViews.line(j)));
    }
  }
}
