package io.intelgraph.cutover.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Searches every file under a directory for known secret values; the proof that a run leaked
 * nothing. Zip files are searched entry by entry (their content is compressed, so a plain byte
 * search would miss a secret inside the evidence bundle).
 *
 * <pre>{@code
 * List<SecretScan.Finding> leaks = SecretScan.of(Map.of("client secret", clientSecret)).scan(Path.of("target"));
 * assertThat(leaks).isEmpty();
 * }</pre>
 *
 * <p>Findings name the secret by its label, never by its value.
 */
public final class SecretScan {

  /**
   * One file (or zip entry, as {@code bundle.zip!/path/in/zip}) that contains the secret named by
   * {@code label}.
   */
  public record Finding(String file, String label) {
    @Override
    public String toString() {
      return file + " contains " + label;
    }
  }

  private final Map<String, byte[]> needles = new LinkedHashMap<>();

  private SecretScan(Map<String, String> valuesByLabel) {
    valuesByLabel.forEach(
        (label, value) -> {
          if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(
                "secret '%s' to scan for is empty; give its value".formatted(label));
          }
          needles.put(label, value.getBytes(StandardCharsets.UTF_8));
        });
    if (needles.isEmpty()) {
      throw new IllegalArgumentException("a secret scan needs at least one value to look for");
    }
  }

  /** A scan for these values, each under a printable label. */
  public static SecretScan of(Map<String, String> valuesByLabel) {
    return new SecretScan(valuesByLabel);
  }

  /**
   * Every file under {@code root} (recursively, zip entries included) that contains any of the
   * values.
   */
  public List<Finding> scan(Path root) {
    if (!Files.exists(root)) {
      throw new SecretException(
          "secret scan: %s does not exist; give the directory the run wrote into".formatted(root));
    }
    List<Finding> findings = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        String shown = root.relativize(file).toString();
        byte[] content = Files.readAllBytes(file);
        search(shown, content, findings);
        if (isZip(content)) {
          scanZip(shown, Files.newInputStream(file), findings);
        }
      }
    } catch (IOException e) {
      throw new SecretException("secret scan of %s failed: %s".formatted(root, e.getMessage()), e);
    }
    return findings;
  }

  private void scanZip(String shown, InputStream in, List<Finding> findings) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.isDirectory()) continue;
        byte[] content = zip.readAllBytes();
        String inner = shown + "!/" + entry.getName();
        search(inner, content, findings);
        if (isZip(content)) {
          scanZip(inner, new java.io.ByteArrayInputStream(content), findings);
        }
      }
    }
  }

  private void search(String shown, byte[] content, List<Finding> findings) {
    needles.forEach(
        (label, needle) -> {
          if (indexOf(content, needle) >= 0) findings.add(new Finding(shown, label));
        });
  }

  private static boolean isZip(byte[] content) {
    return content.length >= 4
        && content[0] == 'P'
        && content[1] == 'K'
        && content[2] == 3
        && content[3] == 4;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
