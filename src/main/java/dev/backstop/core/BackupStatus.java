package dev.backstop.core;

/** Where a backup is in its life. */
public enum BackupStatus {
    RUNNING, SUCCEEDED, FAILED, PRUNED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static BackupStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
