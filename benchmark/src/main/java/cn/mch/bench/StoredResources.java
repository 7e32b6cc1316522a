package cn.mch.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The current version of every resource in a HAPI JPA database, as the JSON a client would send
 * (id and meta tags, profiles and security labels put back), read straight from HAPI's tables so
 * that a few hundred thousand resources take seconds rather than a paged export.
 */
final class StoredResources {

  /** One resource: its type, id and JSON (with {@code id} and {@code meta}). */
  record Stored(String type, String id, String json) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredResources() {}

  static List<Stored> read(DataSource fhirDatabase) throws SQLException {
    try (Connection c = fhirDatabase.getConnection()) {
      Map<Long, ArrayNode[]> meta = tags(c);
      List<Stored> resources = new ArrayList<>();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(2000);
        try (ResultSet rs = s.executeQuery(
            "select r.res_id, r.res_type, r.fhir_id, v.res_encoding, v.res_text_vc, v.res_text"
                + " from hfj_resource r join hfj_res_ver v on v.res_id = r.res_id and v.res_ver = r.res_ver"
                + " where r.res_deleted_at is null order by r.res_id")) {
          while (rs.next()) {
            String text = rs.getString(5);
            if (text == null) {
              text = decode(rs.getString(4), rs.getBytes(6));
            }
            ObjectNode resource = (ObjectNode) JSON.readTree(text);
            ObjectNode withId = JSON.createObjectNode();
            withId.put("resourceType", rs.getString(2));
            withId.put("id", rs.getString(3));
            ArrayNode[] tags = meta.get(rs.getLong(1));
            if (tags != null) {
              ObjectNode m = withId.putObject("meta");
              String[] names = {"tag", "profile", "security"};
              for (int i = 0; i < 3; i++) {
                if (!tags[i].isEmpty()) {
                  m.set(names[i], tags[i]);
                }
              }
            }
            resource.fields().forEachRemaining(f -> {
              if (!f.getKey().equals("resourceType") && !f.getKey().equals("id") && !f.getKey().equals("meta")) {
                withId.set(f.getKey(), f.getValue());
              }
            });
            resources.add(new Stored(rs.getString(2), rs.getString(3), JSON.writeValueAsString(withId)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      c.commit();
      return resources;
    }
  }

  /** Tags (0), profiles (1) and security labels (2) of each resource, by HAPI's resource pid. */
  private static Map<Long, ArrayNode[]> tags(Connection c) throws SQLException {
    Map<Long, ArrayNode[]> tags = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "select t.res_id, d.tag_type, d.tag_system, d.tag_code, d.tag_display"
            + " from hfj_res_tag t join hfj_tag_def d on d.tag_id = t.tag_id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        ArrayNode[] of = tags.computeIfAbsent(rs.getLong(1),
            k -> new ArrayNode[] {JSON.createArrayNode(), JSON.createArrayNode(), JSON.createArrayNode()});
        int type = rs.getInt(2);
        if (type == 1) {
          of[1].add(rs.getString(4));
        } else if (type == 0 || type == 2) {
          ObjectNode coding = of[type].addObject();
          if (rs.getString(3) != null) {
            coding.put("system", rs.getString(3));
          }
          coding.put("code", rs.getString(4));
          if (rs.getString(5) != null) {
            coding.put("display", rs.getString(5));
          }
        }
      }
    }
    return tags;
  }

  private static String decode(String encoding, byte[] bytes) {
    if (bytes == null) {
      throw new IllegalStateException("A resource version without text (encoding " + encoding + ")");
    }
    try {
      if ("JSONC".equals(encoding)) {
        return new String(new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes(), StandardCharsets.UTF_8);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
