package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code backstop serve}: the Slack bot, scheduler and alerts. Not in this build yet. */
@Command(name = "serve", description = "Run the Slack bot, the scheduler and the alerts (not in this build yet).")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Override
    public Integer call() {
        root.services().close();
        throw new BackstopException("serve is not in this build yet: the Slack bot and scheduler come in a later"
                + " release; use the backup, list, restore, verify and status verbs from cron meanwhile");
    }
}
