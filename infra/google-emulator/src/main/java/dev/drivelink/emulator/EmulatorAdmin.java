package dev.drivelink.emulator;

import dev.drivelink.emulator.DriveService.FileSpec;
import dev.drivelink.emulator.Model.DriveFile;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The emulator's in-process admin API: act as a Drive user outside any app, pick files for an app, inspect grants
 * and request counts, move the clock, reset. The HTTP admin API under {@code /admin/} offers the same operations.
 * Unknown accounts or files throw {@link IllegalArgumentException}.
 */
public final class EmulatorAdmin {
    private final EmulatorState state;
    private final DriveService drive;
    private final Router router;
    private final Notifier notifier;
    private final ChangesEndpoints changes;

    private final FaultInjector faults;

    EmulatorAdmin(EmulatorState state, DriveService drive, Router router, Notifier notifier, ChangesEndpoints changes,
                  FaultInjector faults) {
        this.faults = faults;
        this.state = state;
        this.drive = drive;
        this.router = router;
        this.notifier = notifier;
        this.changes = changes;
    }

    /** Injects a fault into the next {@code fault.count()} matching requests. */
    public void injectFault(Fault fault) {
        faults.add(fault);
    }

    /** Faults still armed, with their remaining counts. */
    public List<Fault> faults() {
        return faults.faults();
    }

    /** Limits an account to {@code maxRequests} Drive requests per {@code window} (emulated clock): 403 userRateLimitExceeded beyond. */
    public void rateLimit(String account, int maxRequests, Duration window) {
        faults.rateLimit(state.requireAccount(account).email(), maxRequests, window);
    }

    /** Removes every armed fault and rate limit. */
    public void clearFaults() {
        faults.clear();
    }

    /** Push notifications sent so far (sync and change), with every delivery attempt and its answer. */
    public List<NotificationRecord> notifications() {
        return notifier.sent();
    }

    /**
     * Switches push notifications on (the default) or off. Off, every notification (sync and change, retries of
     * earlier ones included) is dropped as if lost on the way: nothing is POSTed, the record says {@code dropped},
     * and the change is still in changes.list, so a polling backstop finds it. {@link #reset()} switches them on.
     */
    public void setNotificationsEnabled(boolean enabled) {
        notifier.setEnabled(enabled);
    }

    public boolean notificationsEnabled() {
        return notifier.enabled();
    }

    /** Watch channels: id, resourceId, address, account, clientId, expiration, active. */
    public List<Map<String, Object>> channels() {
        return changes.channels();
    }

    public List<Account> accounts() {
        return state.accounts;
    }

    public Account account(String email) {
        return state.requireAccount(email);
    }

    // ---- acting as the Drive user -----------------------------------------------------------------------

    /** Creates a folder in the account's Drive; {@code parentId} null or "root" means My Drive. */
    public AdminFile createFolder(String account, String parentId, String name) {
        return locked(() -> drive.create(account, null, FileSpec.folder(name, parentId)));
    }

    /** Creates a file with content in the account's Drive; {@code parentId} null or "root" means My Drive. */
    public AdminFile createFile(String account, String parentId, String name, String mimeType, byte[] content) {
        return locked(() -> drive.create(account, null, FileSpec.file(name, mimeType, parentId, content)));
    }

    public AdminFile rename(String fileId, String newName) {
        return locked(() -> drive.rename(file0(fileId), newName));
    }

    /** Replaces the content of a file (a new revision), as an edit outside the app would. */
    public AdminFile updateContent(String fileId, byte[] content) {
        return locked(() -> drive.setContent(file0(fileId), content));
    }

    /** Moves a file to another folder of the same account (removes all current parents). */
    public AdminFile move(String fileId, String newParentId) {
        synchronized (state) {
            DriveFile file = file0(fileId);
            return AdminFile.of(drive.move(file, List.of(newParentId), List.copyOf(file.parents)));
        }
    }

    public AdminFile trash(String fileId) {
        return locked(() -> drive.setTrashed(file0(fileId), true));
    }

    public AdminFile untrash(String fileId) {
        return locked(() -> drive.setTrashed(file0(fileId), false));
    }

    /** Deletes permanently (a folder with everything in it). */
    public void delete(String fileId) {
        synchronized (state) {
            drive.delete(file0(fileId));
        }
    }

    /** Grants an app access to a file under drive.file, as the Google Picker does when the user picks it. */
    public void pick(String fileId, String clientId) {
        synchronized (state) {
            drive.pick(file0(fileId), clientId);
        }
    }

    // ---- inspection -------------------------------------------------------------------------------------

    public AdminFile file(String fileId) {
        synchronized (state) {
            return AdminFile.of(file0(fileId));
        }
    }

    public byte[] content(String fileId) {
        synchronized (state) {
            DriveFile f = file0(fileId);
            return f.content == null ? new byte[0] : f.content.clone();
        }
    }

    /** All files and folders of an account (its root first), with content size and MD5. */
    public List<AdminFile> files(String account) {
        Account a = state.requireAccount(account);
        synchronized (state) {
            return state.files.values().stream().filter(f -> f.owner.equals(a.email()))
                    .sorted(Comparator.comparing((DriveFile f) -> !f.root).thenComparing(f -> f.createdTime))
                    .map(AdminFile::of).toList();
        }
    }

    /** Requests per route, e.g. {@code "GET /drive/v3/about" -> 3}, {@code "POST /token" -> 2}. Admin calls are not counted. */
    public Map<String, Long> requestCounts() {
        return router.requestCounts();
    }

    public long requestCount(String route) {
        return router.requestCounts().getOrDefault(route, 0L);
    }

    public void resetRequestCounts() {
        router.resetCounts();
    }

    /** Grants (token families) of a client and account; either may be null to mean all. */
    public List<GrantInfo> grants(String clientId, String account) {
        return state.grantInfos(clientId, account);
    }

    /** Removes an app's access to an account (as the user would in their Google Account); returns grants revoked. */
    public int revokeAccess(String clientId, String account) {
        return state.revokeAccess(clientId, state.requireAccount(account).email(), "admin");
    }

    /** Sets the account's Drive storage limit in bytes; uploads beyond it answer 403 storageQuotaExceeded. */
    public void setStorageQuota(String account, long limitBytes) {
        Account a = state.requireAccount(account);
        synchronized (state) {
            state.quotas.put(a.email(), limitBytes);
        }
        state.markDirty();
    }

    // ---- clock and lifecycle ----------------------------------------------------------------------------

    public void advanceClock(Duration by) {
        state.clock.advance(by);
        state.markDirty();
    }

    public Instant now() {
        return state.now();
    }

    public void registerClient(String clientId, String clientSecret, List<String> redirectUris) {
        state.clients.put(clientId, new OAuthClient(clientId, clientSecret, redirectUris));
        state.markDirty();
    }

    public List<OAuthClient> clients() {
        return List.copyOf(state.clients.values());
    }

    /**
     * Forgets all tokens, grants, codes, files (accounts get empty My Drives), request counts, faults; resets the
     * clock; switches notifications back on. Clients stay registered.
     */
    public void reset() {
        state.reset();
        router.resetCounts();
        notifier.clear();
        notifier.setEnabled(true);
        faults.clear();
    }

    /** Runs a mutation and renders its result under the state lock (so the snapshot is consistent). */
    private AdminFile locked(java.util.function.Supplier<DriveFile> mutation) {
        synchronized (state) {
            return AdminFile.of(mutation.get());
        }
    }

    private DriveFile file0(String fileId) {
        synchronized (state) {
            return drive.require(fileId);
        }
    }
}
