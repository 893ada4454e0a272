package io.intelgraph.cutover.preflight;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks a resolver for the public host's A records, the way {@code dig} does, and reports every record
 * of the answer with its TTL, so "TTL <= 300 s" is checked on what clients really cache (including a
 * CNAME in front of the load balancer).
 */
public final class DnsProbe {

  /** One answer record: owner name, type, TTL and data. */
  public record Answer(String name, String type, Duration ttl, String data) {}

  /** The answer to one question. */
  public record Resolution(String host, String resolver, List<Answer> answers) {
    public List<String> addresses() {
      return answers.stream().filter(a -> a.type().equals("A") || a.type().equals("AAAA")).map(Answer::data).toList();
    }

    /** The longest TTL of any record in the answer: what a client may cache longest. */
    public Duration maxTtl() {
      return answers.stream().map(Answer::ttl).max(Duration::compareTo).orElse(Duration.ZERO);
    }
  }

  private final Optional<String> resolverAddress;
  private final Duration timeout;

  public DnsProbe(Optional<String> resolverAddress, Duration timeout) {
    this.resolverAddress = resolverAddress;
    this.timeout = timeout;
  }

  public Resolution resolve(String host) {
    Resolver resolver = resolver();
    try {
      Message query = Message.newQuery(Record.newRecord(Name.fromString(host.endsWith(".") ? host : host + "."), Type.A, org.xbill.DNS.DClass.IN));
      Message response = resolver.send(query);
      if (response.getRcode() != Rcode.NOERROR) {
        throw new PreflightException("DNS %s for %s from %s; check the record exists in the public zone"
            .formatted(Rcode.string(response.getRcode()), host, describe()));
      }
      List<Answer> answers = new ArrayList<>();
      for (Record record : response.getSection(Section.ANSWER)) {
        answers.add(new Answer(record.getName().toString(), Type.string(record.getType()),
            Duration.ofSeconds(record.getTTL()), record.rdataToString()));
      }
      return new Resolution(host, describe(), List.copyOf(answers));
    } catch (TextParseException e) {
      throw new PreflightException("`endpoints.public_host` '%s' is not a DNS name".formatted(host), e);
    } catch (IOException e) {
      throw new PreflightException("DNS query for %s to %s failed within %s ms: %s"
          .formatted(host, describe(), timeout.toMillis(), e.getMessage()), e);
    }
  }

  private Resolver resolver() {
    Resolver resolver;
    if (resolverAddress.isPresent()) {
      String[] hostPort = resolverAddress.get().split(":");
      resolver = new SimpleResolver(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
    } else {
      resolver = new ExtendedResolver();
    }
    resolver.setTimeout(timeout);
    return resolver;
  }

  private String describe() {
    return resolverAddress.map(a -> "resolver " + a).orElse("the system resolvers");
  }
}
