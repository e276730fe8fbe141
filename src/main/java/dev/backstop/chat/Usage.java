package dev.backstop.chat;

import java.util.Map;

/** The usage line of each chat command, and the help text that lists them all. */
final class Usage {

    static final Map<String, String> LINES = Map.of(
            "backup", "`/backup DB [--label L] [--keep D|--pin]`: take a backup now (labelled, kept for D or until unpinned)",
            "backups", "`/backups DB [N]`: the newest N backups (default 10)",
            "restore", "`/restore DB ID|latest [--to TARGET]`: restore a backup (production: after two approvers vote)",
            "drill", "`/drill DB [ID|latest]`: restore into a scratch target, check it, time it against the RTO",
            "status", "`/backstop status`: each database's last backup and its freshness, and open restore requests",
            "help", "`/backstop help`: this list");

    private Usage() {
    }

    static Reply problem(String problem, String verb) {
        return Reply.privately(":warning: " + problem + ". Usage: " + LINES.get(verb));
    }

    static Reply help() {
        StringBuilder text = new StringBuilder("*Backstop* backs up, lists and restores databases. Commands:");
        for (String verb : new String[] {"backup", "backups", "restore", "drill", "status", "help"}) {
            text.append("\n• ").append(LINES.get(verb));
        }
        text.append("\nEach also works as `/backstop VERB ...` (`list` for `backups`).");
        return Reply.privately(text.toString());
    }
}
