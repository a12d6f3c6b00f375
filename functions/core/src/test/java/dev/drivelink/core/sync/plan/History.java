package dev.drivelink.core.sync.plan;

import dev.drivelink.core.sync.settings.SyncMode;
import dev.drivelink.core.sync.settings.ConflictPolicy;
import dev.drivelink.core.sync.conflict.Keep;
import dev.drivelink.core.sync.settings.FileTypeFilters;

import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A random history: settings, then user actions on both sides interleaved with sync runs (some of
 * them crashing part-way), conflict resolutions, imports and settings changes. Operations name files
 * by index into what exists when they run, so every history is valid and shrinks well.
 */
record History(SyncSettings settings, List<Op> ops) {
    static final List<String> PATHS = List.of(
            "x.txt", "y.wav", "z", "w.txt",
            "a/x.txt", "a/y.wav", "a/z", "a/w.txt",
            "a/b/x.txt", "a/b/y.wav",
            "m/x.txt", "m/y.wav", "m/z", "m/w.txt", "m/c/x.txt",
            "from-drive/x.txt");
    static final int POOL = 5;
    static final List<FileTypeFilters> FILTERS = List.of(
            FileTypeFilters.NONE,
            new FileTypeFilters(List.of(), List.of("wav")),
            new FileTypeFilters(List.of("txt"), List.of()),
            new FileTypeFilters(List.of(), List.of("audio/*")));

    sealed interface Op {
    }

    /** Create or overwrite an app object; content below {@link #POOL} is a shared value, else fresh. */
    record AppWrite(int path, int content) implements Op {
    }

    record AppDelete(int pick) implements Op {
    }

    /** S3 "move": copy (metadata included) then delete; onto an existing key overwrites it. */
    record AppMove(int pick, int to) implements Op {
    }

    /** A new Drive file, even where one of that name exists (Drive allows duplicate names). */
    record DriveCreate(int path, int content) implements Op {
    }

    record DriveEdit(int pick, int content) implements Op {
    }

    record DriveTrash(int pick) implements Op {
    }

    record DriveUntrash(int pick) implements Op {
    }

    record DriveMove(int pick, int to) implements Op {
    }

    /** Many app files at once (for the mass-delete guard). */
    record BulkAppCreate(int count) implements Op {
    }

    record BulkAppDelete() implements Op {
    }

    record BulkDriveTrash() implements Op {
    }

    /**
     * A sync run. {@code crashAt >= 0}: the worker dies after that many actions; {@code retry}: the same
     * plan is then applied again at once (else the next sync plans afresh). {@code confirm}: the user
     * confirmed a paused run. {@code tick}: minutes since the previous operation.
     */
    record Sync(int crashAt, boolean retry, boolean confirm, int tick) implements Op {
    }

    record Resolve(int pick, Keep keep) implements Op {
    }

    /** Import a picked Drive file (selective_sync). */
    record Import(int pick) implements Op {
    }

    /** Change one setting: 0 mode, 1 conflict policy, 2 filters, 3 deleteBackups. */
    record ChangeSetting(int which, int value) implements Op {
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History[mode=").append(settings.mode().wire())
                .append(", conflict=").append(settings.conflictResolution().wire())
                .append(", autoBackup=").append(settings.autoBackup())
                .append(", deleteBackups=").append(settings.deleteBackups())
                .append(", filter=").append(FILTERS.indexOf(settings.fileTypeFilters()))
                .append(", monitored=").append(settings.monitoredFolders()).append("]\n");
        for (int i = 0; i < ops.size(); i++) {
            sb.append(String.format("  %2d %s%n", i, ops.get(i)));
        }
        return sb.toString();
    }

    static Gen<History> histories(int maxOps) {
        Gen<History> gen = in -> {
            SyncSettings settings = new SyncSettings(
                    SyncMode.values()[pick(in, 4)],
                    ConflictPolicy.values()[pick(in, 4)],
                    pick(in, 10) != 0,
                    pick(in, 2) == 1,
                    FILTERS.get(pick(in, 3) == 0 ? pick(in, FILTERS.size()) : 0),
                    List.of(pick(in, 2) == 0 ? "m" : "a"),
                    DeleteGuard.DEFAULT);
            int n = 1 + pick(in, maxOps);
            List<Op> ops = new ArrayList<>(n + 1);
            for (int i = 0; i < n; i++) {
                ops.add(op(in));
            }
            ops.add(new Sync(-1, false, false, 1));
            return new History(settings, List.copyOf(ops));
        };
        return gen.describedAs(History::toString);
    }

    private static Op op(RandomnessSource in) {
        int roll = pick(in, 100);
        if (roll < 14) {
            return new AppWrite(pick(in, PATHS.size()), pick(in, 2 * POOL));
        } else if (roll < 20) {
            return new AppDelete(pick(in, 64));
        } else if (roll < 26) {
            return new AppMove(pick(in, 64), pick(in, PATHS.size()));
        } else if (roll < 37) {
            return new DriveCreate(pick(in, PATHS.size()), pick(in, 2 * POOL));
        } else if (roll < 46) {
            return new DriveEdit(pick(in, 64), pick(in, 2 * POOL));
        } else if (roll < 51) {
            return new DriveTrash(pick(in, 64));
        } else if (roll < 53) {
            return new DriveUntrash(pick(in, 64));
        } else if (roll < 59) {
            return new DriveMove(pick(in, 64), pick(in, PATHS.size()));
        } else if (roll < 78) {
            int crash = pick(in, 3) == 0 ? pick(in, 12) : -1;
            return new Sync(crash, pick(in, 2) == 0, pick(in, 4) == 0, pick(in, 3));
        } else if (roll < 82) {
            return new Resolve(pick(in, 16), Keep.values()[pick(in, 3)]);
        } else if (roll < 87) {
            return new Import(pick(in, 64));
        } else if (roll < 90) {
            return new ChangeSetting(pick(in, 4), pick(in, 4));
        } else if (roll < 93) {
            return new BulkAppCreate(11 + pick(in, 4));
        } else if (roll < 95) {
            return new BulkAppDelete();
        } else if (roll < 97) {
            return new BulkDriveTrash();
        }
        return new AppWrite(pick(in, PATHS.size()), pick(in, POOL));
    }

    private static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }
}
