package dev.backstop.config;

/** How many backups to keep, as restic names the rules; zero means the rule keeps none. */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly) {

    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(Integer.MAX_VALUE, 0, 0, 0);
}
