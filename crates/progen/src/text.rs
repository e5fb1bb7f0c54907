//! String expressions and expressions of any kind (for `print`, `==` and concatenation),
//! including the built-in calls whose result may be null.

use crate::gen::{receiver, Gen};
use crate::model::Ty;

/// String literals: ASCII, escapes, multi-byte characters and case-mapping corner cases.
const STRINGS: [&str; 18] = [
    "\"\"",
    "\"a\"",
    "\"abc\"",
    "\"Hello\"",
    "\"nyash\"",
    "\"x,y,z\"",
    "\" pad \"",
    "\"é\"",
    "\"日本語\"",
    "\"😀!\"",
    "\"straße\"",
    "\"A-B-A\"",
    "\"10\"",
    "\"-7\"",
    "\"3.5\"",
    "\"tab\\there\"",
    "\"q\\\"uote\"",
    "\"Ñandú\"",
];

impl Gen {
    pub fn string(&mut self, depth: u32) -> String {
        if depth == 0 || self.rng.chance(20) {
            return self.string_leaf();
        }
        let d = depth - 1;
        match self
            .rng
            .weighted(&[22, 10, 8, 8, 5, 4, 4, 6, 8, 4, 4, 6, 3])
        {
            0 => format!("({} + {})", self.string(d), self.any(d)),
            1 => format!("({} + {})", self.any(d), self.string(d)),
            2 => format!(
                "{}.substring({}, {})",
                receiver(&self.string(d)),
                self.small_int(),
                self.small_int()
            ),
            3 => {
                let method = *self
                    .rng
                    .pick(&["toUpper", "toLower", "trim", "toUpperCase", "toLowerCase"])
                    .unwrap_or(&"trim");
                format!("{}.{method}()", receiver(&self.string(d)))
            }
            4 => {
                let from = self.literal_string();
                let to = self.literal_string();
                format!("{}.replace({from}, {to})", receiver(&self.string(d)))
            }
            5 => {
                let count = self.rng.range(0, 3);
                if self.rng.chance(50) {
                    format!("({} * {count})", self.literal_string())
                } else {
                    format!("{}.repeat({count})", receiver(&self.literal_string()))
                }
            }
            6 => format!("{}.concat({})", receiver(&self.string(d)), self.any(d)),
            7 => self.shown(d),
            8 => {
                let ty = *self
                    .rng
                    .pick(&[Ty::Int, Ty::Float, Ty::Bool])
                    .unwrap_or(&Ty::Int);
                format!("{}.toString()", receiver(&self.value(ty, d)))
            }
            9 => format!("new StringBox({})", self.any(d)),
            10 => format!("{}.type()", receiver(&self.any(d))),
            11 => self
                .call_of(Ty::Str, d)
                .unwrap_or_else(|| self.string_leaf()),
            _ => {
                let sep = *self
                    .rng
                    .pick(&["\",\"", "\"\"", "\"-\"", "\"ab\""])
                    .unwrap_or(&"\",\"");
                format!(
                    "{}.split({sep}).join(\"|\")",
                    receiver(&self.literal_string())
                )
            }
        }
    }

    /// The text of a container or object, which counts as a string reference.
    fn shown(&mut self, d: u32) -> String {
        if self.str_refs == 0 {
            return self.literal_string();
        }
        self.str_refs -= 1;
        let objects = self.object_kinds();
        match self.rng.below(4) {
            0 => format!("{}.join(\", \")", receiver(&self.array(d))),
            1 => format!("{}.toString()", receiver(&self.array(d))),
            2 => format!("{}.toJSON()", receiver(&self.map(d))),
            _ => match self.rng.pick(&objects).copied() {
                Some(ty) => format!("{}.toString()", receiver(&self.value(ty, d))),
                None => format!("{}.toString()", receiver(&self.map(d))),
            },
        }
    }

    fn string_leaf(&mut self) -> String {
        if self.str_refs > 0 && self.rng.chance(45) {
            if let Some(place) = self.place_of(Ty::Str) {
                self.str_refs -= 1;
                return place;
            }
        }
        self.literal_string()
    }

    pub fn literal_string(&mut self) -> String {
        self.rng.pick(&STRINGS).unwrap_or(&"\"\"").to_string()
    }

    /// Object kinds of the boxes that can be created.
    fn object_kinds(&self) -> Vec<Ty> {
        let bound = self.new_bound;
        self.world
            .instantiable()
            .into_iter()
            .filter(|&c| c < bound)
            .map(Ty::Obj)
            .collect()
    }

    /// A value of any kind, possibly null.
    pub fn any(&mut self, depth: u32) -> String {
        let d = depth.saturating_sub(1);
        match self.rng.weighted(&[20, 10, 20, 10, 5, 4, 6, 12]) {
            0 => self.int(depth),
            1 => self.float(depth),
            2 => self.string(depth),
            3 => self.boolean(depth),
            4 => self.array(depth),
            5 => self.map(depth),
            6 => {
                let objects = self.object_kinds();
                match self.rng.pick(&objects).copied() {
                    Some(ty) => self.value(ty, depth),
                    None => "null".into(),
                }
            }
            _ => self.maybe_null(d),
        }
    }

    /// Built-in results that may be null (or of a kind decided only when running).
    fn maybe_null(&mut self, d: u32) -> String {
        match self.rng.below(9) {
            0 => "null".into(),
            1 => format!("{}.get({})", receiver(&self.array(d)), self.small_int()),
            2 => format!("{}.get({})", receiver(&self.map(d)), self.map_key()),
            3 => {
                let method = *self.rng.pick(&["charAt", "get"]).unwrap_or(&"get");
                format!(
                    "{}.{method}({})",
                    receiver(&self.string(d)),
                    self.small_int()
                )
            }
            4 => format!("{}.toInteger()", receiver(&self.string(d))),
            5 => format!("{}.toFloat()", receiver(&self.string(d))),
            6 => format!("{}.split(\",\")", receiver(&self.string(d))),
            7 => format!("{}.keys()", receiver(&self.map(d))),
            _ => format!("new BoolBox({})", self.int(d)),
        }
    }
}
