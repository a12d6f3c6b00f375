package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drivelink.emulator.Model.DriveFile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** Renders Drive resources (File, User, About) as Drive v3 does: int64 as strings, RFC 3339 times with millis. */
final class DriveResources {
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Every field of Drive v3's File resource: the names {@code fields} may select. */
    static final Set<String> FILE_FIELDS = Set.of("kind", "driveId", "fileExtension", "copyRequiresWriterPermission",
            "md5Checksum", "contentHints", "writersCanShare", "viewedByMe", "mimeType", "exportLinks", "parents",
            "thumbnailLink", "iconLink", "shared", "lastModifyingUser", "owners", "headRevisionId", "sharingUser",
            "webViewLink", "webContentLink", "size", "viewersCanCopyContent", "permissions", "hasThumbnail", "spaces",
            "folderColorRgb", "id", "name", "description", "starred", "trashed", "explicitlyTrashed", "createdTime",
            "modifiedTime", "modifiedByMeTime", "viewedByMeTime", "sharedWithMeTime", "quotaBytesUsed", "version",
            "originalFilename", "ownedByMe", "fullFileExtension", "properties", "appProperties", "isAppAuthorized",
            "teamDriveId", "capabilities", "hasAugmentedPermissions", "trashingUser", "thumbnailVersion", "trashedTime",
            "modifiedByMe", "permissionIds", "imageMediaMetadata", "videoMediaMetadata", "shortcutDetails",
            "contentRestrictions", "resourceKey", "linkShareMetadata", "labelInfo", "sha1Checksum", "sha256Checksum",
            "inheritedPermissionsDisabled", "downloadRestrictions");

    static final Set<String> ABOUT_FIELDS = Set.of("kind", "user", "storageQuota", "driveThemes", "canCreateDrives",
            "importFormats", "exportFormats", "appInstalled", "maxUploadSize", "maxImportSizes", "folderColorPalette",
            "teamDriveThemes", "canCreateTeamDrives");

    static final FieldSelector DEFAULT_FILE_FIELDS = FieldSelector.parse("kind,id,name,mimeType");

    private DriveResources() {
    }

    static String time(Instant instant) {
        return RFC3339.format(instant);
    }

    static ObjectNode user(Account account, boolean me) {
        ObjectNode user = Json.object();
        user.put("kind", "drive#user");
        user.put("displayName", account.displayName());
        user.put("me", me);
        user.put("permissionId", account.permissionId());
        user.put("emailAddress", account.email());
        return user;
    }

    static ObjectNode file(DriveFile f, Account owner, Caller caller) {
        ObjectNode o = Json.object();
        boolean me = caller == null || caller.email().equalsIgnoreCase(f.owner);
        o.put("kind", "drive#file");
        o.put("id", f.id);
        o.put("name", f.name);
        o.put("mimeType", f.mimeType);
        if (f.description != null) {
            o.put("description", f.description);
        }
        o.put("starred", f.starred);
        o.put("trashed", f.trashed);
        o.put("explicitlyTrashed", f.explicitlyTrashed);
        if (f.trashed && f.trashedTime != null) {
            o.put("trashedTime", time(f.trashedTime));
            o.set("trashingUser", user(owner, me));
        }
        if (!f.root) {
            o.putArray("parents").addAll(f.parents.stream().map(o::textNode).toList());
        }
        if (!f.properties.isEmpty()) {
            ObjectNode props = o.putObject("properties");
            f.properties.forEach(props::put);
        }
        if (!f.appProperties.isEmpty() && (caller == null || f.appIds.contains(caller.clientId()))) {
            ObjectNode props = o.putObject("appProperties");
            f.appProperties.forEach(props::put);
        }
        o.putArray("spaces").add("drive");
        o.put("version", Long.toString(f.version));
        if (f.hasBlob()) {
            o.put("webContentLink", "https://drive.google.com/uc?id=" + f.id + "&export=download");
        }
        o.put("webViewLink", webViewLink(f));
        o.put("iconLink", "https://drive-thirdparty.googleusercontent.com/16/type/" + f.mimeType);
        o.put("hasThumbnail", false);
        o.put("thumbnailVersion", "0");
        o.put("viewedByMe", me);
        o.put("createdTime", time(f.createdTime));
        o.put("modifiedTime", time(f.modifiedTime));
        if (me) {
            o.put("modifiedByMeTime", time(f.modifiedTime));
            o.put("viewedByMeTime", time(f.modifiedTime));
        }
        o.put("modifiedByMe", me);
        o.putArray("owners").add(user(owner, me));
        o.set("lastModifyingUser", user(owner, me));
        o.put("shared", false);
        o.put("ownedByMe", me);
        o.set("capabilities", capabilities(f));
        o.put("viewersCanCopyContent", true);
        o.put("copyRequiresWriterPermission", false);
        o.put("writersCanShare", true);
        o.putArray("permissionIds").add(owner.permissionId());
        if (caller != null) {
            o.put("isAppAuthorized", f.appIds.contains(caller.clientId()));
        }
        if (f.hasBlob()) {
            byte[] content = f.content == null ? new byte[0] : f.content;
            o.put("originalFilename", f.originalFilename == null ? f.name : f.originalFilename);
            int dot = f.name.lastIndexOf('.');
            if (dot > 0 && dot < f.name.length() - 1) {
                o.put("fullFileExtension", f.name.substring(f.name.indexOf('.') + 1));
                o.put("fileExtension", f.name.substring(dot + 1));
            }
            o.put("md5Checksum", f.md5Checksum);
            o.put("sha1Checksum", java.util.HexFormat.of().formatHex(Ids.digest("SHA-1", content)));
            o.put("sha256Checksum", java.util.HexFormat.of().formatHex(Ids.digest("SHA-256", content)));
            o.put("size", Long.toString(content.length));
            o.put("quotaBytesUsed", Long.toString(content.length));
            o.put("headRevisionId", f.headRevisionId);
        } else {
            o.put("quotaBytesUsed", "0");
        }
        return o;
    }

    private static ObjectNode capabilities(DriveFile f) {
        ObjectNode c = Json.object();
        boolean folder = f.isFolder();
        c.put("canAddChildren", folder && !f.trashed);
        c.put("canComment", !folder);
        c.put("canCopy", !folder);
        c.put("canDelete", !f.root);
        c.put("canDownload", true);
        c.put("canEdit", true);
        c.put("canListChildren", folder);
        c.put("canModifyContent", true);
        c.put("canMoveItemWithinDrive", !f.root);
        c.put("canReadRevisions", !folder);
        c.put("canRemoveChildren", folder);
        c.put("canRename", !f.root);
        c.put("canShare", true);
        c.put("canTrash", !f.root);
        c.put("canUntrash", !f.root);
        return c;
    }

    /** The link Drive shows a file or folder at. */
    static String webViewLink(DriveFile f) {
        return f.isFolder()
                ? "https://drive.google.com/drive/folders/" + f.id
                : "https://drive.google.com/file/d/" + f.id + "/view?usp=drivesdk";
    }
}
