package dev.backstop.config;

import java.util.ArrayList;
import java.util.List;

/** How many backups to keep, as restic names the rules; zero means the rule keeps none. */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly) {

    /** No policy: every backup is kept. */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(Integer.MAX_VALUE, 0, 0, 0);

    /** True when no retention policy is set, so nothing is ever pruned for retention. */
    public boolean keepsAll() {
        return keepLast == Integer.MAX_VALUE;
    }

    /** The policy for people: {@code keep the last 7, the newest of each of 7 days and 4 weeks}. */
    public String describe() {
        if (keepsAll()) {
            return "no retention policy: every backup is kept";
        }
        List<String> rules = new ArrayList<>();
        if (keepLast > 0) {
            rules.add("the last " + keepLast);
        }
        List<String> periods = new ArrayList<>();
        if (keepDaily > 0) {
            periods.add(count(keepDaily, "day"));
        }
        if (keepWeekly > 0) {
            periods.add(count(keepWeekly, "week"));
        }
        if (keepMonthly > 0) {
            periods.add(count(keepMonthly, "month"));
        }
        if (!periods.isEmpty()) {
            rules.add("the newest of each of the last " + join(periods));
        }
        return "keep " + join(rules);
    }

    private static String count(int amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }

    private static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    @Override
    public String toString() {
        return describe();
    }
}
