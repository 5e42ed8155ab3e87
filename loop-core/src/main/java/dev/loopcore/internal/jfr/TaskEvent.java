package dev.loopcore.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One task of a watched loop (a loop with a stall or congestion threshold) that ran at least the
 * event's threshold; disabled by default. Its duration is the task's run time.
 */
@Name("dev.loopcore.Task")
@Label("Loop Task")
@Category("loopcore")
@Description("A task of a watched loop that ran at least the threshold")
@Enabled(false)
@Threshold("10 ms")
@StackTrace(false)
public final class TaskEvent extends jdk.jfr.Event {
    @Label("Loop")
    public String loop;
    @Label("Task")
    public String task;
}
