package dev.loopcore.jmh.peers;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;

import java.util.concurrent.TimeUnit;

/** A Pekko classic actor on the default dispatcher that runs the Runnables it is told. */
public final class PekkoPeer implements Peer {
    /** Runs each Runnable it receives. */
    public static final class RunActor extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Runnable.class, Runnable::run).build();
        }
    }

    private final ActorSystem system;
    private final ActorRef actor;

    public PekkoPeer() {
        this(1);
    }

    PekkoPeer(int unused) {
        system = ActorSystem.create("peer-pekko", ConfigFactory.parseString(
                "pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING\npekko.log-dead-letters = off\n"
                        + "pekko.actor.default-dispatcher.thread-pool-executor.allow-core-timeout = off")
                .withFallback(ConfigFactory.load()));
        actor = system.actorOf(Props.create(RunActor.class));
    }

    public ActorSystem system() {
        return system;
    }

    @Override
    public void post(Runnable task) {
        actor.tell(task, ActorRef.noSender());
    }

    @Override
    public String threadNamePrefix() {
        return "peer-pekko";
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort at tear-down
        }
    }
}
