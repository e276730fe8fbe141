package dev.backstop.chat;

import java.util.Map;

/** The usage line of each chat command, and the help text that lists them all. */
final class Usage {

    static final Map<String, String> LINES = Map.of(
            "backup", "`/backup DB [--label L] [--keep D|--pin]`: take a backup now (labelled, kept for D or until unpinned)",
            "backups", "`/backups DB [N] [--all]`: the newest N backups (default 10); --all includes pruned ones",
            "restore", "`/restore DB ID|latest [--to TARGET]`: restore a backup (production: after two approvers vote);"
                    + " `/restore DB --at TIME`: put a d1 database back to a past time",
            "drill", "`/drill DB [ID|latest]`: restore into a scratch target, check it, time it against the RTO",
            "status", "`/backstop status`: each database's last backup and its freshness, and open restore requests",
            "help", "`/backstop help`: this list");

    private Usage() {
    }

    static Reply problem(String problem, String verb) {
        return Reply.privately(":warning: " + problem + ". Usage: " + LINES.get(verb));
    }

    /** The commands of this chat; the terminal chat adds its own for switching user and voting. */
    static Reply help(boolean terminal) {
        StringBuilder text = new StringBuilder("*Backstop* backs up, lists and restores databases. Commands:");
        for (String verb : new String[] {"backup", "backups", "restore", "drill", "status", "help"}) {
            text.append("\n• ").append(LINES.get(verb));
        }
        text.append("\nEach also works as `/backstop VERB ...` (`list` for `backups`).");
        if (terminal) {
            text.append("\nIn the terminal:\n• `/as USER`: act as this Slack user id (with that user's rights)"
                    + "\n• `/approve ID`: approve production-restore request ID (as an approver)"
                    + "\n• `/deny ID`: deny production-restore request ID");
        } else {
            text.append("\nApprovers vote on a production-restore request with its Approve and Deny buttons,"
                    + " or a reaction on its message.");
        }
        return Reply.privately(text.toString());
    }
}
