package dev.loopcore.jmh.peers;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.function.Consumer;

/** Agrona: an {@link AgentRunner} draining a {@link ManyToOneConcurrentArrayQueue}, BusySpin or Backoff idle. */
public final class AgronaPeer implements Peer {
    private static final Consumer<Runnable> RUN = Runnable::run;
    private final ManyToOneConcurrentArrayQueue<Runnable> queue = new ManyToOneConcurrentArrayQueue<>(65536);
    private final AgentRunner runner;
    private final String name;

    AgronaPeer(boolean backoff) {
        name = backoff ? "peer-agrona-backoff" : "peer-agrona-busyspin";
        Agent agent = new Agent() {
            @Override
            public int doWork() {
                return queue.drain(RUN);
            }

            @Override
            public String roleName() {
                return name;
            }
        };
        runner = new AgentRunner(backoff ? new BackoffIdleStrategy() : new BusySpinIdleStrategy(),
                Throwable::printStackTrace, null, agent);
        AgentRunner.startOnThread(runner, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void post(Runnable task) {
        while (!queue.offer(task)) Thread.onSpinWait();
    }

    @Override
    public String threadNamePrefix() {
        return name;
    }

    @Override
    public void close() {
        runner.close();
    }
}
