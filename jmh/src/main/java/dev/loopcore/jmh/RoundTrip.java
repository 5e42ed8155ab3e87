package dev.loopcore.jmh;

import dev.loopcore.jmh.peers.CountingTask;
import dev.loopcore.jmh.peers.Peer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Family 3: round trip while hot — post one task, spin until it ran, again. The volatile ping-pong
 * between two threads is the physical floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoundTrip {
    @Param({"loopcore", "loopcore-spin", "loopcore-bounded", "jctools-spin", "jctools-park", "disruptor-busyspin",
            "disruptor-blocking", "agrona-busyspin", "agrona-backoff", "netty-nio", "netty-executor",
            "jdk-executor", "pekko", "volatile-pingpong"})
    public String peer;

    Peer target;
    final CountingTask task = new CountingTask();
    long posted;

    @Setup(Level.Trial)
    public void start() {
        target = Peer.create(peer);
    }

    @TearDown(Level.Trial)
    public void stop() {
        target.close();
    }

    @Benchmark
    public void roundTrip() {
        target.post(task);
        task.awaitCount(++posted);
    }
}
