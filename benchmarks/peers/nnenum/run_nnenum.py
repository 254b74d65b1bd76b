# wrapper: runs nnenum's own VNN-COMP entry point (nnenum.nnenum.main) unchanged,
# only wrapping enumerate_network to print its precise total_secs (enumeration time).
import sys, time
import nnenum.nnenum as nn
_orig = nn.enumerate_network
def _wrapped(*a, **k):
    r = _orig(*a, **k)
    print(f"ENUM_SECS {r.total_secs:.6f} RESULT_STR {r.result_str}", flush=True)
    return r
nn.enumerate_network = _wrapped
if __name__ == '__main__':
    nn.main()
