package dev.loopcore.jdk;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * JDK 24+ warns when {@code sun.misc.Unsafe}'s memory access methods are called (JEP 498), and a later
 * JDK removes them. A JVM that uses loopcore's dedicated loops, replies and pooled messages must print
 * no such warning: it starts one on the JDK running the tests (CI runs them on 17 and on 25) with
 * nothing but loop-core and JCTools on its class path, and has it use dedicated loops and a loop pool.
 */
class NoUnsafeWarningTest {

    /** The child JVM's program: loops, a pool, posts, calls, awaits, a future, close. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            dev.loopcore.MessageLoop loop = dev.loopcore.MessageLoop.start("child");
            for (int i = 0; i < 10_000; i++) loop.post(() -> { });
            int v = loop.call(() -> 42).await();
            int w = loop.call(() -> 7).toFuture().get(20, TimeUnit.SECONDS);
            dev.loopcore.LoopPool pool = dev.loopcore.LoopPool.create("child-pool", 2);
            dev.loopcore.MessageLoop pooled = pool.newLoop("pooled");
            for (int i = 0; i < 10_000; i++) pooled.post(() -> { });
            int x = pooled.call(() -> 9).await();
            pool.close();
            loop.close();
            if (!loop.awaitTermination(java.time.Duration.ofSeconds(20))
                    || !pool.awaitTermination(java.time.Duration.ofSeconds(20)) || v != 42 || w != 7 || x != 9) {
                System.exit(3);
            }
            System.out.println("child done");
        }
    }

    @Test
    void aJvmUsingLoopsRepliesAndPooledMessagesPrintsNoUnsafeWarning() throws Exception {
        String classpath = System.getProperty("loopcore.test.classpath");
        // Set by the default surefire execution (loop-core/pom.xml); the JVM-of-its-own executions have no need.
        assumeTrue(classpath != null, "loopcore.test.classpath is not set in this surefire execution");
        String java = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(List.of(java, "-cp", classpath, Child.class.getName()))
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf); // ends when the child exits (bounded below)
            out = buf.toString(StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("child done"), out);
        assertFalse(out.contains("sun.misc.Unsafe"), "JDK " + Runtime.version() + " warned:\n" + out);
    }
}
