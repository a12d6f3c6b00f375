package dev.drivelink.emulator;

import dev.drivelink.emulator.Model.AccessToken;
import dev.drivelink.emulator.Model.DriveFile;
import dev.drivelink.emulator.Model.Grant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drive's file model and its rules (ownership, drive.file visibility, trash, versions). Callers hold no lock:
 * every method synchronizes on the state itself.
 */
final class DriveService {
    final EmulatorState state;

    DriveService(EmulatorState state) {
        this.state = state;
    }

    /** What a new file is made of; null fields take Drive's defaults. */
    record FileSpec(String id, String name, String mimeType, List<String> parents, String description, Boolean starred,
                    Map<String, String> properties, Map<String, String> appProperties, String originalFilename,
                    Instant createdTime, Instant modifiedTime, byte[] content) {

        static FileSpec folder(String name, String parentId) {
            return new FileSpec(null, name, GoogleMime.FOLDER, parentId == null ? null : List.of(parentId), null, null,
                    null, null, null, null, null, null);
        }

        static FileSpec file(String name, String mimeType, String parentId, byte[] content) {
            return new FileSpec(null, name, mimeType, parentId == null ? null : List.of(parentId), null, null,
                    null, null, name, null, null, content == null ? new byte[0] : content);
        }
    }

    // ---- authentication ---------------------------------------------------------------------------------

    /** The caller of a Drive request from its bearer token; 401 authError for anything but a live token. */
    Caller authenticate(Request request) {
        String token = request.bearerToken().orElseGet(() -> request.param("access_token"));
        if (token == null) {
            throw GoogleApiException.authError();
        }
        synchronized (state) {
            AccessToken access = state.accessTokens.get(token);
            if (access == null || access.revoked || !access.expiresAt.isAfter(state.now())) {
                throw GoogleApiException.authError();
            }
            Grant grant = state.grants.get(access.grantId);
            if (grant == null || grant.revoked) {
                throw GoogleApiException.authError();
            }
            Scopes.DriveAccess driveAccess = Scopes.driveAccess(access.scopes);
            if (driveAccess == Scopes.DriveAccess.NONE) {
                throw GoogleApiException.insufficientPermissions();
            }
            return new Caller(grant.email, grant.clientId, access.scopes, driveAccess, token);
        }
    }

    static void requireWrite(Caller caller) {
        if (!caller.access().canWrite()) {
            throw GoogleApiException.insufficientPermissions();
        }
    }

    // ---- lookup -----------------------------------------------------------------------------------------

    /** The file as the caller may see it, or 404 notFound exactly as for a missing file. Call under the lock. */
    DriveFile visible(Caller caller, String fileId) {
        DriveFile file = "root".equals(fileId) ? root(caller.email()) : state.files.get(fileId);
        if (file == null || !file.owner.equalsIgnoreCase(caller.email()) || !canSee(caller, file)) {
            throw GoogleApiException.notFound(fileId);
        }
        return file;
    }

    static boolean canSee(Caller caller, DriveFile file) {
        return !caller.fileScopeOnly() || file.root || file.appIds.contains(caller.clientId());
    }

    DriveFile root(String email) {
        Account account = state.requireAccount(email);
        return state.files.get(account.rootFolderId());
    }

    /** The file by id for the admin API (no visibility rules); IllegalArgumentException if unknown. */
    DriveFile require(String fileId) {
        DriveFile file = state.files.get(fileId);
        if (file == null) {
            throw new IllegalArgumentException("unknown file: " + fileId);
        }
        return file;
    }

    // ---- mutation ---------------------------------------------------------------------------------------

    /**
     * Creates a file for {@code owner}; {@code caller} is null when the admin acts as the user (no app involved).
     * Parents are resolved as the caller sees them.
     */
    DriveFile create(String owner, Caller caller, FileSpec spec) {
        synchronized (state) {
            Account account = state.requireAccount(owner);
            List<String> parents = spec.parents() == null || spec.parents().isEmpty()
                    ? List.of(account.rootFolderId()) : spec.parents();
            if (parents.size() > 1) {
                throw new GoogleApiException(403, "cannotAddParent",
                        "Increasing the number of parents is not allowed.", null, null);
            }
            List<String> resolved = new ArrayList<>();
            for (String parentId : parents) {
                DriveFile parent;
                if (caller != null) {
                    parent = visible(caller, parentId);
                } else {
                    parent = "root".equals(parentId) ? root(owner) : state.files.get(parentId);
                    if (parent == null || !parent.owner.equalsIgnoreCase(owner)) {
                        throw new IllegalArgumentException("unknown parent folder of " + owner + ": " + parentId);
                    }
                }
                if (!parent.isFolder()) {
                    throw GoogleApiException.badRequest("The specified parent is not a folder: " + parentId + ".");
                }
                resolved.add(parent.id);
            }
            String id = spec.id();
            if (id != null) {
                if (!Ids.looksLikeFileId(id)) {
                    throw GoogleApiException.invalidParameter("id", "The provided file ID is not usable.");
                }
                if (state.files.containsKey(id) || "used".equals(state.generatedIds.get(id))) {
                    throw new GoogleApiException(409, "duplicate", "A file already exists with the provided ID.",
                            "id", "other");
                }
                String generatedFor = state.generatedIds.get(id);
                if (caller != null && (generatedFor == null || !generatedFor.equals(account.email()))) {
                    throw GoogleApiException.invalidParameter("id", "The provided file ID is not usable.");
                }
                state.generatedIds.put(id, "used");
            } else {
                do {
                    id = Ids.fileId();
                } while (state.files.containsKey(id));
            }
            Instant now = state.now();
            DriveFile file = new DriveFile();
            file.id = id;
            file.owner = account.email();
            file.name = spec.name() == null ? "Untitled" : spec.name();
            file.mimeType = spec.mimeType() == null || spec.mimeType().isBlank() ? "application/octet-stream" : spec.mimeType();
            file.parents = resolved;
            file.description = spec.description();
            file.starred = Boolean.TRUE.equals(spec.starred());
            if (spec.properties() != null) {
                file.properties = new LinkedHashMap<>(spec.properties());
            }
            if (spec.appProperties() != null) {
                file.appProperties = new LinkedHashMap<>(spec.appProperties());
            }
            file.createdTime = spec.createdTime() == null ? now : spec.createdTime();
            file.modifiedTime = spec.modifiedTime() == null ? now : spec.modifiedTime();
            file.version = 1;
            if (caller != null) {
                file.createdByClient = caller.clientId();
                file.appIds.add(caller.clientId());
            }
            if (file.hasBlob()) {
                file.originalFilename = spec.originalFilename() == null ? file.name : spec.originalFilename();
                byte[] content = spec.content() == null ? new byte[0] : spec.content();
                checkQuota(account.email(), content.length);
                setContentLocked(file, content);
                file.version = 1;
            }
            state.files.put(file.id, file);
            state.recordChange(file, false);
            return file;
        }
    }

    void checkQuota(String email, long additionalBytes) {
        long usage;
        long quota;
        synchronized (state) { // reentrant: callers that already hold the lock are fine
            usage = state.usage(email);
            quota = state.quota(email);
        }
        if (additionalBytes > 0 && usage + additionalBytes > quota) {
            throw new GoogleApiException(403, "storageQuotaExceeded",
                    "The user's Drive storage quota has been exceeded.", null, null);
        }
    }

    /** Hands out ids for files.generateIds; a create may then use each once. */
    List<String> generateIds(String email, int count) {
        synchronized (state) {
            List<String> ids = new ArrayList<>();
            while (ids.size() < count) {
                String id = Ids.fileId();
                if (!state.files.containsKey(id) && !state.generatedIds.containsKey(id)) {
                    state.generatedIds.put(id, email);
                    ids.add(id);
                }
            }
            return ids;
        }
    }

    /** A metadata patch of files.update; null fields stay as they are. */
    record Patch(String name, String mimeType, String description, Boolean starred, Boolean trashed,
                 Map<String, String> properties, Map<String, String> appProperties, java.time.Instant modifiedTime,
                 String originalFilename, List<String> addParents, List<String> removeParents, byte[] content) {
    }

    /** files.update: metadata, parents and (optionally) new content, applied at once with one version bump. */
    DriveFile update(Caller caller, DriveFile file, Patch patch) {
        synchronized (state) {
            if (!state.files.containsKey(file.id)) {
                throw GoogleApiException.notFound(file.id);
            }
            if (file.root && (patch.name() != null || patch.trashed() != null || !patch.addParents().isEmpty())) {
                throw new GoogleApiException(403, "cannotModifyRoot", "The root folder cannot be modified.", null, null);
            }
            if (patch.content() != null) {
                if (!file.hasBlob()) {
                    throw GoogleApiException.badRequest("Folders and Google Docs have no content to upload.");
                }
                checkQuota(file.owner, patch.content().length - (file.content == null ? 0 : file.content.length));
            }
            if (caller != null) {
                for (String parentId : patch.addParents()) {
                    visible(caller, parentId);
                }
            }
            if (!patch.addParents().isEmpty() || !patch.removeParents().isEmpty()) {
                move(file, patch.addParents(), patch.removeParents());
                file.version--; // one version bump for the whole update
            }
            boolean modified = false;
            if (patch.name() != null) {
                file.name = patch.name();
                modified = true;
            }
            if (patch.mimeType() != null && !patch.mimeType().equals(file.mimeType)) {
                if (file.isFolder() || GoogleMime.FOLDER.equals(patch.mimeType())) {
                    throw GoogleApiException.badRequest("The MIME type of a folder cannot be changed, nor can a file become one.");
                }
                file.mimeType = patch.mimeType();
                modified = true;
            }
            if (patch.description() != null) {
                file.description = patch.description();
                modified = true;
            }
            if (patch.starred() != null) {
                file.starred = patch.starred();
            }
            if (patch.originalFilename() != null) {
                file.originalFilename = patch.originalFilename();
            }
            mergeInto(file.properties, patch.properties());
            mergeInto(file.appProperties, patch.appProperties());
            if (patch.content() != null) {
                setContentLocked(file, patch.content());
                modified = true;
            }
            touch(file, modified);
            if (patch.modifiedTime() != null) {
                file.modifiedTime = patch.modifiedTime();
            }
            if (patch.trashed() != null && patch.trashed() != file.trashed) {
                setTrashed(file, patch.trashed());
                file.version--;
            }
            return file;
        }
    }

    /** Drive's map merge: a key with a null value is removed. */
    private static void mergeInto(Map<String, String> target, Map<String, String> patch) {
        if (patch == null) {
            return;
        }
        patch.forEach((k, v) -> {
            if (v == null) {
                target.remove(k);
            } else {
                target.put(k, v);
            }
        });
    }

    private void setContentLocked(DriveFile file, byte[] content) {
        file.content = content;
        file.md5Checksum = Ids.md5Hex(content);
        file.headRevisionId = Ids.revisionId();
    }

    void touch(DriveFile file, boolean modified) {
        file.version++;
        if (modified) {
            file.modifiedTime = state.now();
        }
        state.recordChange(file, false);
    }

    DriveFile setContent(DriveFile file, byte[] content) {
        synchronized (state) {
            if (!file.hasBlob()) {
                throw GoogleApiException.badRequest("This file has no binary content to replace.");
            }
            setContentLocked(file, content);
            touch(file, true);
            return file;
        }
    }

    DriveFile rename(DriveFile file, String name) {
        synchronized (state) {
            file.name = name;
            touch(file, true);
            return file;
        }
    }

    /** Trashing a folder trashes what it holds; untrashing brings back what was trashed with it. */
    DriveFile setTrashed(DriveFile file, boolean trashed) {
        synchronized (state) {
            if (file.root) {
                throw new GoogleApiException(403, "cannotModifyRoot", "The root folder cannot be trashed.", null, null);
            }
            if (file.trashed == trashed && file.explicitlyTrashed == trashed) {
                return file;
            }
            file.trashed = trashed;
            file.explicitlyTrashed = trashed;
            file.trashedTime = trashed ? state.now() : null;
            touch(file, false);
            for (DriveFile child : descendants(file)) {
                if (trashed && !child.trashed) {
                    child.trashed = true;
                    child.trashedTime = state.now();
                    touch(child, false);
                } else if (!trashed && child.trashed && !child.explicitlyTrashed) {
                    child.trashed = false;
                    child.trashedTime = null;
                    touch(child, false);
                }
            }
            return file;
        }
    }

    /** Deletes permanently, with everything under it (as Drive does for folders). */
    void delete(DriveFile file) {
        synchronized (state) {
            if (file.root) {
                throw new GoogleApiException(403, "cannotModifyRoot", "The root folder cannot be deleted.", null, null);
            }
            List<DriveFile> doomed = new ArrayList<>(descendants(file));
            doomed.add(file);
            for (DriveFile f : doomed) {
                state.files.remove(f.id);
                state.recordChange(f, true);
            }
        }
    }

    /**
     * Changes a file's parents as files.update's addParents/removeParents do under Drive's single-parent model:
     * adding one parent to an item with one parent, without removing any, moves it (the owner may, and in the
     * emulator every caller owns what it can see); anything else that would leave two parents is 403
     * cannotAddParent; an item left without parents goes to its owner's My Drive.
     */
    DriveFile move(DriveFile file, List<String> add, List<String> remove) {
        synchronized (state) {
            List<String> parents = new ArrayList<>(file.parents);
            for (String r : remove) {
                parents.remove("root".equals(r) ? root(file.owner).id : r);
            }
            List<String> added = new ArrayList<>();
            for (String a : add) {
                DriveFile parent = "root".equals(a) ? root(file.owner) : state.files.get(a);
                if (parent == null || !parent.owner.equals(file.owner)) {
                    throw GoogleApiException.notFound(a);
                }
                if (!parent.isFolder()) {
                    throw GoogleApiException.badRequest("The specified parent is not a folder: " + a + ".");
                }
                if (parent.id.equals(file.id) || descendants(file).contains(parent)) {
                    throw GoogleApiException.badRequest("Adding this parent would create a cycle.");
                }
                if (!parents.contains(parent.id) && !added.contains(parent.id)) {
                    added.add(parent.id);
                }
            }
            if (remove.isEmpty() && added.size() == 1 && file.parents.size() == 1) {
                parents.clear(); // a move: the new parent replaces the only one
            }
            parents.addAll(added);
            if (parents.size() > 1) {
                throw new GoogleApiException(403, "cannotAddParent", "Increasing the number of parents is not allowed.",
                        null, null);
            }
            if (parents.isEmpty()) {
                parents.add(root(file.owner).id);
            }
            file.parents = parents;
            touch(file, false);
            return file;
        }
    }

    List<DriveFile> descendants(DriveFile folder) {
        List<DriveFile> out = new ArrayList<>();
        if (!folder.isFolder()) {
            return out;
        }
        List<String> frontier = new ArrayList<>(List.of(folder.id));
        while (!frontier.isEmpty()) {
            String id = frontier.remove(frontier.size() - 1);
            for (DriveFile f : state.files.values()) {
                if (f.parents.contains(id) && !out.contains(f)) {
                    out.add(f);
                    if (f.isFolder()) {
                        frontier.add(f.id);
                    }
                }
            }
        }
        return out;
    }

    void pick(DriveFile file, String clientId) {
        synchronized (state) {
            if (file.appIds.add(clientId)) {
                state.recordChange(file, false);
            }
        }
    }
}
