package dev.backstop.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Backups that running work (such as drills) is reading in this process, so retention leaves them alone. */
public final class BackupsInUse {

    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    /** Marks a backup in use until the returned handle is closed. */
    public AutoCloseable hold(String database, String backupId) {
        String key = database + "/" + backupId;
        keys.add(key);
        return () -> keys.remove(key);
    }

    /** The ids of the database's backups in use now. */
    public Set<String> ids(String database) {
        String prefix = database + "/";
        Set<String> ids = new java.util.HashSet<>();
        for (String key : keys) {
            if (key.startsWith(prefix)) {
                ids.add(key.substring(prefix.length()));
            }
        }
        return ids;
    }
}
