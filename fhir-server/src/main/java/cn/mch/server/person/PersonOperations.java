package cn.mch.server.person;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Server operations of person linkage: {@code $mch-linkage} tells how far linkage is, and
 * {@code $mch-link-all} queues every source Patient to be linked again (after a change of linkage
 * rules, say; repeating it changes nothing). {@code Task/{id}/$mch-decide} applies a person's
 * decision on a possible match.
 */
public class PersonOperations {

  private final PersonLinkage linkage;

  public PersonOperations(PersonLinkage linkage) {
    this.linkage = linkage;
  }

  @Operation(name = "$mch-linkage", idempotent = true)
  public Parameters status() {
    Parameters out = new Parameters();
    out.addParameter("pending", new IntegerType((int) linkage.pending()));
    out.addParameter("linked", new IntegerType((int) linkage.linked()));
    out.addParameter("busyMillis", new IntegerType((int) Math.min(Integer.MAX_VALUE, linkage.busyMillis())));
    out.addParameter("linkedAgain", new IntegerType((int) linkage.linkedAgain()));
    out.addParameter("workers", new IntegerType(linkage.workers()));
    out.addParameter("unchanged", new IntegerType((int) Math.min(Integer.MAX_VALUE, linkage.unchanged())));
    out.addParameter("searches", new IntegerType((int) Math.min(Integer.MAX_VALUE, linkage.searches())));
    return out;
  }

  @Operation(name = "$mch-link-all")
  public Parameters linkAll() {
    Parameters out = new Parameters();
    out.addParameter("queued", new IntegerType(linkage.submitAll(null)));
    return out;
  }

  @Operation(name = "$mch-decide", type = Task.class)
  public Task decide(@IdParam IdType id, @OperationParam(name = "decision", min = 1) CodeType decision) {
    return linkage.decide(id, decision.getValue());
  }
}
