package dev.drivelink.core.adapters.google;

import com.google.api.services.drive.Drive;
import dev.drivelink.core.connection.GoogleAccount;
import dev.drivelink.core.drive.DriveAbout;
import dev.drivelink.core.drive.DriveAccess;
import dev.drivelink.core.drive.DriveApi;
import dev.drivelink.core.drive.DriveChanges;
import dev.drivelink.core.drive.DriveChannels;
import dev.drivelink.core.drive.DriveFiles;
import dev.drivelink.core.drive.DriveResources;
import dev.drivelink.core.drive.DriveUploads;
import java.io.IOException;
import java.time.Duration;

/** Drive API v3 through the official Google client libraries, against a configurable root URL. */
public final class GoogleDriveApi implements DriveApi {

    private final GoogleDriveClients clients;

    public GoogleDriveApi(GoogleDriveClients clients) {
        this.clients = clients;
    }

    @Override
    public DriveResources with(DriveAccess.Bearer bearer, Duration timeLeft) {
        Drive drive = clients.drive(bearer.accessToken(), timeLeft);
        GoogleChanges changes = new GoogleChanges(drive);
        return new DriveResources() {
            @Override
            public DriveFiles files() {
                return new GoogleFiles(drive);
            }

            @Override
            public DriveUploads uploads() {
                return new GoogleUploads(drive, clients.requests(bearer.accessToken(), timeLeft), clients);
            }

            @Override
            public DriveChanges changes() {
                return changes;
            }

            @Override
            public DriveChannels channels() {
                return changes;
            }

            @Override
            public DriveAbout about() {
                return () -> {
                    try {
                        var user = drive.about().get().setFields("user(displayName,emailAddress,permissionId)")
                                .execute().getUser();
                        return new GoogleAccount(user.getPermissionId(), user.getEmailAddress(), user.getDisplayName());
                    } catch (IOException e) {
                        throw GoogleErrors.classify("about.get", e);
                    }
                };
            }
        };
    }
}
