package dev.drivelink.core.drive.google;

import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import dev.drivelink.core.connection.GoogleAccount;
import dev.drivelink.core.drive.DriveException;
import dev.drivelink.core.drive.DriveFolders;
import dev.drivelink.core.drive.DriveItem;
import java.io.IOException;
import java.util.List;

/** Drive API v3 through google-api-services-drive, against a configurable root URL. */
public final class GoogleDriveFolders implements DriveFolders {

    static final String ITEM_FIELDS = "id,name,mimeType,trashed,webViewLink";

    private final GoogleDriveClients clients;

    public GoogleDriveFolders(GoogleDriveClients clients) {
        this.clients = clients;
    }

    private Drive drive(String accessToken) {
        return clients.drive(accessToken);
    }

    @Override
    public GoogleAccount about(String accessToken) {
        try {
            var user = drive(accessToken).about().get()
                    .setFields("user(displayName,emailAddress,permissionId)")
                    .execute().getUser();
            return new GoogleAccount(user.getPermissionId(), user.getEmailAddress(), user.getDisplayName());
        } catch (IOException e) {
            throw GoogleErrors.classify("about.get", e);
        }
    }

    @Override
    public DriveItem get(String accessToken, String fileId) {
        try {
            return item(drive(accessToken).files().get(fileId).setFields(ITEM_FIELDS).execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.get", e);
        }
    }

    @Override
    public DriveItem createFolder(String accessToken, String name, String parentId) {
        var metadata = new File().setName(name).setMimeType(DriveItem.FOLDER_MIME_TYPE);
        if (parentId != null) {
            metadata.setParents(List.of(parentId));
        }
        try {
            return item(drive(accessToken).files().create(metadata).setFields(ITEM_FIELDS).execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("files.create", e);
        }
    }

    static DriveItem item(File file) {
        if (file == null || file.getId() == null) {
            throw new DriveException(DriveException.Kind.REJECTED, 200, null, "Drive answered without a file", null);
        }
        return new DriveItem(file.getId(), file.getName(), file.getMimeType(),
                Boolean.TRUE.equals(file.getTrashed()), file.getWebViewLink());
    }
}
