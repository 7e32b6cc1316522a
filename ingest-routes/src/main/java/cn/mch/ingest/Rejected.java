package cn.mch.ingest;

import cn.mch.mappings.RejectReason;
import cn.mch.mappings.SourceKey;

/** A source record that will not become FHIR, and why. The message names no personal data. */
public record Rejected(SourceKey key, RejectReason reason, String message) {}
