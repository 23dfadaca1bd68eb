package io.streamfleet.bench;

import io.streamfleet.model.job.JobRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Submits jobs {@code PREFIX-0 .. PREFIX-(n-1)} in batches of one {@code POST /api/v1/jobs} each,
 * from a few client threads (thread t sends batches t, t + threads, ...), and notes when each
 * job's POST returned: the "submit" end of the submit-to-start latency.
 */
final class BatchSubmitter {
  private BatchSubmitter() {}

  /** Returns, for job i, the {@code System.nanoTime()} at which the POST that carried it returned. */
  static long[] submit(JobApi api, String prefix, int n, int batch, int threads) throws InterruptedException {
    long[] returned = new long[n];
    int batches = (n + batch - 1) / batch;
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      senders.add(Thread.ofPlatform().name("submit-" + t).start(() -> {
        for (int b = first; b < batches && failure.get() == null; b += threads) {
          int from = b * batch;
          int to = Math.min(n, from + batch);
          List<JobRequest> jobs = new ArrayList<>(to - from);
          for (int i = from; i < to; i++) {
            jobs.add(JobApi.job(prefix + "-" + i));
          }
          try {
            api.submit(jobs);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            return;
          }
          Arrays.fill(returned, from, to, System.nanoTime());
        }
      }));
    }
    for (Thread s : senders) {
      s.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return returned;
  }

  /**
   * Submit-to-start latencies of the jobs that started: {@code received(PREFIX-i) - submitted[i]}.
   * A job may start before its POST returned (the leader dispatches right after the commit, while
   * the answer is still on its way), which gives a negative latency; it is kept as it is.
   */
  static long[] latencies(String prefix, long[] submitted, Function<String, Long> received) {
    long[] out = new long[submitted.length];
    int k = 0;
    for (int i = 0; i < submitted.length; i++) {
      Long r = received.apply(prefix + "-" + i);
      if (r != null) {
        out[k++] = r - submitted[i];
      }
    }
    return Arrays.copyOf(out, k);
  }

  static long negatives(long[] latencies) {
    return Arrays.stream(latencies).filter(x -> x < 0).count();
  }
}
