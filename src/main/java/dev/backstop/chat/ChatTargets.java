package dev.backstop.chat;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.Redaction;
import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetFile;
import dev.backstop.core.TargetUrl;
import dev.backstop.pipeline.ProductionTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a chat {@code --to} may point: only at a place listed in {@code databases.NAME.restore_targets}
 * (an exact path or URL, or a folder ending in {@code /}), resolved against the config file's folder,
 * and never at Backstop's own files (catalog, config, identity, local storage) or at any configured
 * database. The check reads the file system and nothing else: no file is written and no connection
 * opened before it passes.
 */
final class ChatTargets {

    private final BackstopConfig config;
    private final Path base;

    ChatTargets(BackstopConfig config) {
        this.config = config;
        this.base = config.file().toAbsolutePath().getParent();
    }

    /**
     * The target to hand the restore for {@code --to spelled}: the resolved real path of a file, or the
     * configured spelling of a listed URL. Throws a one-line error naming what is allowed otherwise.
     */
    String check(DatabaseConfig database, String spelled) {
        String shown = "`" + Redaction.secrets(spelled) + "`";
        if (!Redaction.secrets(spelled).equals(spelled)) {
            throw new BackstopException(shown + " carries a password, which chat never takes; ask an admin to list"
                    + " the target in databases." + database.name() + ".restore_targets with its password from the"
                    + " environment, and name it without one");
        }
        boolean wantsUrl = database.settings().source() instanceof TargetUrl;
        if (RestoreTarget.isUrl(spelled) != wantsUrl) {
            throw new BackstopException(shown + " is not " + (wantsUrl ? "a URL" : "a file path") + ", and "
                    + database.name() + " restores only into " + (wantsUrl ? "URLs" : "files") + allowed(database));
        }
        RestoreTarget target = RestoreTarget.of(spelled, base);
        if (target instanceof TargetFile) {
            refuseProtected(database, target, shown);
        }
        String listed = listed(database, target).orElseThrow(() -> new BackstopException(shown
                + " is not a restore target of " + database.name() + allowed(database)));
        if (target instanceof TargetUrl) {
            // Only now, for a URL an admin listed, may the check look up host names (a refused URL's host is never
            // resolved, so naming one cannot make the bot contact it).
            refuseProtected(database, target, shown);
        }
        if (target instanceof TargetFile file && file.names() > 1) {
            throw new BackstopException(shown + " has other hard links, so a restore would also change them; chat"
                    + " restores never write through hard links" + allowed(database));
        }
        if (target instanceof TargetFile file && !Files.isDirectory(file.path().getParent())) {
            throw new BackstopException(shown + " is in a folder that does not exist, and chat restores never create"
                    + " folders; ask an admin to make " + file.path().getParent() + " or pick a listed folder"
                    + allowed(database));
        }
        return listed;
    }

    private void refuseProtected(DatabaseConfig database, RestoreTarget target, String shown) {
        protectedPlace(target).ifPresent(what -> {
            throw new BackstopException(shown + " is " + what + "; chat restores never write there" + allowed(database));
        });
    }

    /** The listed entry {@code target} matches: the real path of a listed file or of one inside a listed folder, or the listed URL. */
    private Optional<String> listed(DatabaseConfig database, RestoreTarget target) {
        for (String entry : database.restoreTargets()) {
            if (target instanceof TargetUrl url && RestoreTarget.isUrl(entry)
                    && TargetUrl.parse(entry).sameAddress(url)) {
                return Optional.of(entry);
            }
            if (target instanceof TargetFile file && !RestoreTarget.isUrl(entry)) {
                TargetFile listed = TargetFile.resolve(base, entry);
                if (entry.endsWith("/") ? file.within(listed) : file.equals(listed)) {
                    return Optional.of(file.path().toString());
                }
            }
        }
        return Optional.empty();
    }

    private String allowed(DatabaseConfig database) {
        return database.restoreTargets().isEmpty()
                ? "; " + database.name() + " has no restore_targets, so chat restores it only in place (an admin lists"
                        + " places in databases." + database.name() + ".restore_targets)"
                : "; --to may name only databases." + database.name() + ".restore_targets: "
                        + Redaction.secrets(String.join(", ", database.restoreTargets()));
    }

    /** What Backstop keeps at {@code target}, if it is one of the places no chat restore may touch. */
    private Optional<String> protectedPlace(RestoreTarget target) {
        if (target instanceof TargetFile file) {
            if (config.catalog().isFile() && file.isOrBeside(TargetFile.of(config.catalog().file()))) {
                return Optional.of("Backstop's catalog");
            }
            if (file.samePlace(TargetFile.of(config.file()))) {
                return Optional.of("Backstop's config file");
            }
            if (config.encryption().identityFile() != null
                    && file.samePlace(TargetFile.of(config.encryption().identityFile()))) {
                return Optional.of("Backstop's identity file");
            }
            if (config.storage().path() != null) {
                TargetFile storage = TargetFile.of(config.storage().path());
                if (file.equals(storage) || file.within(storage)) {
                    return Optional.of("in Backstop's backup storage");
                }
            }
        }
        if (target instanceof TargetUrl && !config.catalog().isFile() && config.catalog().place().samePlace(target)) {
            return Optional.of("Backstop's catalog");
        }
        for (DatabaseConfig database : config.databases().values()) {
            RestoreTarget source = ProductionTargets.source(database);
            if (target instanceof TargetFile file && source instanceof TargetFile sourceFile
                    ? file.isOrBeside(sourceFile) : source.samePlace(target)) {
                return Optional.of("database " + database.name() + (database.production() ? " (production)" : ""));
            }
        }
        return Optional.empty();
    }
}
