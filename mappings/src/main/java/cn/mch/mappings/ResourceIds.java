package cn.mch.mappings;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic resource ids from source keys: a keyed token (HMAC-SHA256 with a configured
 * secret), never the raw key, so an id reveals no patient number or resident ID and cannot be
 * recomputed without the secret. The same key and secret always give the same id, which makes
 * every write an idempotent {@code PUT}.
 */
public final class ResourceIds {

  private static final String ALGORITHM = "HmacSHA256";
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  /** 26 base-32 characters = 130 bits of the MAC: collisions are out of reach at any scale. */
  private static final int ID_LENGTH = 26;

  private final SecretKeySpec key;

  public ResourceIds(byte[] secret) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException("The id secret must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /**
   * The id of the resource of {@code resourceType} made from {@code key}; {@code part} tells apart
   * several resources of one type from the same record (e.g. two Observations of one visit).
   */
  public String id(SourceKey key, String resourceType, String part) {
    String material =
        String.join("\u001f", resourceType, part, key.source(), key.entity(), key.localId());
    return base32(mac(material.getBytes(StandardCharsets.UTF_8)));
  }

  /** The id of the only resource of {@code resourceType} made from {@code key}. */
  public String id(SourceKey key, String resourceType) {
    return id(key, resourceType, "");
  }

  /**
   * A keyed token of {@code values} for {@code purpose}, for linkage keys that must be searchable
   * but reveal nothing (e.g. a birth: the mother's resident ID and the minute of birth).
   */
  public String token(String purpose, String... values) {
    String material = "token\u001f" + purpose + "\u001f" + String.join("\u001f", values);
    return base32(mac(material.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * An id made by hashing {@code material} without the secret: only for material that reveals
   * nothing itself, such as another resource's id.
   */
  public static String hashed(String material) {
    try {
      return base32(MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private byte[] mac(byte[] material) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(material);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder(ID_LENGTH);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5 && out.length() < ID_LENGTH) {
        out.append(BASE32[(buffer >> (bits - 5)) & 0x1f]);
        bits -= 5;
      }
    }
    return out.toString();
  }
}
