package dev.drivelink.core.sync.settings;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings as the API answers them: every setting with its effective value and its origin. */
public final class SettingsViews {

    private SettingsViews() {
    }

    /** One setting: {@code {"value": ..., "origin": "default|global|project"}}. */
    public record SettingView(Object value, String origin) {
    }

    /** {@code GET /drive/settings?connectionId=}: the connection's global settings over the defaults. */
    public record GlobalSettingsView(String connectionId, Map<String, SettingView> settings, Instant updatedAt) {
    }

    /** {@code GET /drive/projects/{projectId}/settings}: the effective settings of the user's sync of the project. */
    public record ProjectSettingsView(String projectId, Map<String, SettingView> settings, Instant updatedAt) {
    }

    static GlobalSettingsView global(GlobalSettings stored) {
        EffectiveSettings e = EffectiveSettings.resolve(ProjectSettings.none(stored.userId(), null),
                stored.connectionId(), stored);
        Map<String, SettingView> settings = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            if (s.global()) {
                settings.put(s.json(), new SettingView(e.apiValue(s), e.origin(s).wire()));
            }
        }
        return new GlobalSettingsView(stored.connectionId(), settings, stored.updatedAt());
    }

    static ProjectSettingsView project(EffectiveSettings e, Instant updatedAt) {
        Map<String, SettingView> settings = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            settings.put(s.json(), new SettingView(e.apiValue(s), e.origin(s).wire()));
        }
        return new ProjectSettingsView(e.projectId(), settings, updatedAt);
    }
}
