# e18w's grades for judged-dev8b, by statement number in the dev archive's Archive.all_problems()
# order, from the same reading of the 208 statements as judged-dev8 (see its grades.py).
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("dev8_grades", Path(__file__).resolve().parent.parent / "judged-dev8" / "grades.py")
_dev8 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_dev8)
DEV8 = _dev8.G

G = {
 "x01": {2: [57, 153], 1: [19, 20, 113, 123, 132, 136, 174]},
 "x02": {2: DEV8["w10"][2] + [4, 28, 55, 56, 70, 143, 197, 119], 1: [1, 7, 13, 23, 49, 51, 77, 122, 156, 179, 180, 195, 203, 204, 206]},
 "x03": DEV8["w08"],
 "x05": {2: [29, 142, 190, 202], 1: [2, 47, 60, 63, 101, 105, 108, 127, 141, 144, 152, 179]},
 "x07": {2: [59, 62, 86, 87], 1: [15, 17, 57, 106, 188, 200]},
 "x08": DEV8["w02"],
 "x09": DEV8["w08"],
 "x10": DEV8["w06"],
 "x11": {2: [20, 123, 132, 136, 153, 174], 1: [19, 57]},
 "x12": DEV8["w16"],
}
