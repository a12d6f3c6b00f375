package dev.drivelink.core.upload;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the host app hears about an upload, on the event bus. Never a token or a session URI. */
public enum UploadEvent {
    COMPLETED("Drive Upload Completed"),
    FAILED("Drive Upload Failed");

    private final String detailType;

    UploadEvent(String detailType) {
        this.detailType = detailType;
    }

    /** The EventBridge detail-type host apps match on. */
    public String detailType() {
        return detailType;
    }

    /** {@code {uploadId, connectionId, userId, status, appRef, fileName, driveFileId, webViewLink, size, error}} */
    static Map<String, Object> detail(UploadJob job) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("uploadId", job.id());
        detail.put("connectionId", job.request().connectionId());
        detail.put("userId", job.userId());
        detail.put("status", job.status().name());
        detail.put("appRef", UploadMessages.appRefJson(job.request().appRef())); // the producer's JSON, as JSON
        detail.put("fileName", job.request().fileName());
        detail.put("driveFileId", job.status() == UploadStatus.DONE ? job.driveFileId() : null);
        detail.put("webViewLink", job.webViewLink());
        detail.put("size", job.totalBytes());
        detail.put("error", job.error());
        return detail;
    }
}
