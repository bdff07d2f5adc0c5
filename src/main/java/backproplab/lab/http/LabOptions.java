package backproplab.lab.http;

/**
 * How a lab meets its visitors: the token it asks for, whether it lets them change anything,
 * and how much it takes on at once.
 */
public record LabOptions(AccessToken token, boolean readOnly, LabLimits limits) {

    /** A lab for this machine's user alone: no token, everything allowed, the usual limits. */
    public static final LabOptions DEFAULT = new LabOptions(AccessToken.NONE, false,
            LabLimits.DEFAULT);
}
