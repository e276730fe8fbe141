package dev.backstop.text;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The lines under a status table that say what DUMP, TREND and ALERTS mean, and when the alerts were judged. */
public final class StatusLegend {

    private StatusLegend() {
    }

    public static String text(Instant now) {
        return "DUMP is the newest good backup's dump size (before compression and encryption); TREND compares it with"
                + " the median dump size of the five good backups before it.\n"
                + "ALERTS are the alert conditions that hold now, evaluated at "
                + now.truncatedTo(ChronoUnit.SECONDS).toString().replace("T", " ").replace("Z", " UTC")
                + "; the bot (`serve`) posts them to chat.";
    }
}
