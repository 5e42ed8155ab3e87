package dev.loopcore.jmh;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.jmh.peers.CountingTask;
import dev.loopcore.jmh.peers.PekkoPeer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Family 5: 1,000 loops multiplexed over 2 threads (a loopcore LoopPool) next to 1,000 Pekko actors
 * on the default dispatcher: each gets 10 messages per invocation; ops = messages run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PooledLoops {
    static final int LOOPS = 1000;
    static final int PER_LOOP = 10;

    @Param({"loopcore-pool", "pekko"})
    public String peer;

    LoopPool pool;
    MessageLoop[] loops;
    PekkoPeer pekko;
    ActorRef[] actors;
    final CountingTask[] tasks = new CountingTask[LOOPS];
    long posted;

    @Setup(Level.Trial)
    public void start() {
        for (int i = 0; i < LOOPS; i++) tasks[i] = new CountingTask();
        if (peer.equals("pekko")) {
            pekko = new PekkoPeer();
            actors = new ActorRef[LOOPS];
            for (int i = 0; i < LOOPS; i++) actors[i] = pekko.system().actorOf(Props.create(PekkoPeer.RunActor.class));
        } else {
            pool = LoopPool.create("bench-pool", 2);
            loops = new MessageLoop[LOOPS];
            for (int i = 0; i < LOOPS; i++) loops[i] = pool.newLoop("l" + i);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        if (pekko != null) pekko.close();
        if (pool != null) {
            pool.close();
            pool.awaitTermination(Duration.ofSeconds(10));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOPS * PER_LOOP)
    public void messages() {
        for (int k = 0; k < PER_LOOP; k++) {
            if (actors != null) {
                for (int i = 0; i < LOOPS; i++) actors[i].tell(tasks[i], ActorRef.noSender());
            } else {
                for (int i = 0; i < LOOPS; i++) loops[i].post(tasks[i]);
            }
        }
        posted += PER_LOOP;
        for (int i = 0; i < LOOPS; i++) tasks[i].awaitCount(posted);
    }
}
