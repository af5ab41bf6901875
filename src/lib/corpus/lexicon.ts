// Word lists for the generators. Everything is ASCII and starts with a consonant where an article
// precedes it, so "a" is always the right article and no a/an logic is needed in generators or checker.
// Knobs take prefixes of these lists, so a smaller vocabulary is always a subset of a larger one.

/** Story characters, alternating girl/boy so any prefix is gender-balanced. */
export const STORY_NAMES: ReadonlyArray<readonly [string, 'girl' | 'boy']> = (() => {
  const girls = 'Lily Mia Sue Anna Emma Lucy Zoe Amy Ella Kate Rose Jane Nora Ruby Maya Ivy Sara Lena Tina Dora Gina Hana Pia Bea'.split(' ');
  const boys = 'Tom Ben Max Sam Leo Jack Tim Dan Finn Joe Noah Luke Owen Hugo Paul Eli Ned Rex Gus Abe Kai Bob Ray Jim'.split(' ');
  const out: Array<readonly [string, 'girl' | 'boy']> = [];
  for (let i = 0; i < girls.length; i++) out.push([girls[i], 'girl'], [boys[i], 'boy']);
  return out;
})();

export const STORY_OBJECTS = (
  'ball kite doll book hat cup box drum boat car shell toy cake bike flower stick rock ribbon puzzle train ' +
  'robot balloon blanket crayon lamp bell key map coin sock spoon teddy wagon whistle yoyo basket feather pebble scarf truck'
).split(' ');

export const STORY_PLACES = (
  'park garden beach forest school farm lake town yard hill zoo shop meadow river house barn field library playground village'
).split(' ');

export const STORY_OBJECT_ADJ = 'red big small blue shiny green soft yellow little pretty new round'.split(' ');

export const STORY_FEELINGS = 'happy sad tired excited scared angry proud glad upset calm'.split(' ');

/** Biography first names with grammatical gender (for pronouns); unisex-free so pronouns are consistent. */
export const BIO_FIRST: ReadonlyArray<readonly [string, 'f' | 'm']> = (() => {
  const f = ('Anya Beatrix Celina Dagny Elin Fiora Greta Helka Ilse Jolanda Kaisa Liesel Marit Nadia Oona Petra ' +
    'Quilla Runa Sanna Tove Ulla Vera Wilma Xenia Yara Zelda Agata Brigid Cora Delphine Edda Frida Gisela Hedda ' +
    'Inga Jorun Klara Linnea Maren Nora Ottilie Pernille Rosalind Solveig Thea Ursula Vivienne Wenke Ylva Zora').split(' ');
  const m = ('Aksel Bram Casimir Dorian Einar Fabian Gustav Halvard Ivo Jesper Konrad Lennart Magnus Niklas Osvald ' +
    'Per Quentin Rasmus Sigurd Torben Ulrik Valdemar Wendel Xaver Yngve Zeno Anselm Birger Cyprian Detlef Egil ' +
    'Fredrik Gunnar Henrik Ingvar Joakim Kasper Leif Mikkel Nils Oskar Preben Ragnar Stellan Tobias Uwe Viggo ' +
    'Waldo Yannick Zoltan').split(' ');
  const out: Array<readonly [string, 'f' | 'm']> = [];
  for (let i = 0; i < f.length; i++) out.push([f[i], 'f'], [m[i], 'm']);
  return out;
})();

export const BIO_LAST = (
  'Forsberg Lindqvist Achterberg Brennan Castellanos Dunmore Eastwick Falkenrath Gallagher Holmgren Isaksen ' +
  'Jaramillo Kettering Lamberti Moravec Nightingale Okonkwo Pellegrini Quimby Rosenthal Sandoval Thorvaldsen ' +
  'Underhill Valentin Whitcombe Yamashiro Zielinski Abernathy Blackwood Carrington Delacroix Ellingsen Fairbanks ' +
  'Grimaldi Hargreaves Ingersoll Jovanovic Kowalczyk Larkspur Mendelsohn Nakashima Oyelaran Pemberton Quarles ' +
  'Rutherford Stavros Trelawney Umberfield Vanterpool Westerlund Yarborough Zamora Aldridge Bellweather ' +
  'Cromwell Danforth Everhart Fitzroy Greenhalgh Hollister Ironside Jessup Kingsley Lockhart Merriweather ' +
  'Northcott Osterman Prescott Redgrave Sutherland Thistlewood Upshaw Vickery Wainwright Yelverton Zabrowski ' +
  'Ashcombe Birchall Coldwell Drummond Edgerton Fenwick Gladstone Hathaway Ivanova Jaworski Kirkpatrick ' +
  'Lindemann Montague Nordstrom Oakhurst Pritchard Rainsford Stanhope Tremaine Ulveling Verhoeven Winterbourne'
).split(' ');

export const BIO_CITIES = (
  'Oslo Lisbon Krakow Tallinn Porto Bergen Graz Lyon Turin Utrecht Ghent Malmo Aarhus Tampere Brno Leipzig ' +
  'Seville Bilbao Genoa Zagreb Riga Vilnius Kaunas Plovdiv Cluj Debrecen Salzburg Basel Geneva Nantes Bordeaux ' +
  'Valencia Palermo Bologna Dresden Hamburg Gdansk Poznan Trondheim Uppsala Espoo Cork Galway Bristol Leeds ' +
  'Glasgow Halifax Quebec Denver Tucson Omaha Boise Austin Raleigh Savannah Oakland Adelaide Hobart Perth Dunedin'
).split(' ');

export const BIO_UNIVERSITIES = (
  'Northfield University|Ashbury College|Calder Institute of Technology|Dunmere University|Eastvale College|' +
  'Fernhill University|Glenrock Polytechnic|Harrowgate University|Ivywell College|Juniper Ridge University|' +
  'Kestrel Bay University|Larchmont College|Marshfield University|Newhaven Institute|Oakridge University|' +
  'Pinecrest College|Queensbury University|Ravenswood Institute|Stonebridge University|Thornbury College|' +
  'Upland State University|Vale of Aster University|Westmoor College|Yellowpine University|Zephyr Coast University'
).split('|');

export const BIO_MAJORS = (
  'mathematics|physics|chemistry|biology|computer science|economics|history|philosophy|linguistics|geology|' +
  'astronomy|architecture|sociology|psychology|music theory|civil engineering|marine biology|statistics|' +
  'political science|art history|mechanical engineering|anthropology|nursing|agriculture|journalism'
).split('|');

export const BIO_COMPANIES = (
  'Brightline Systems|Copperleaf Foods|Driftwood Media|Emberlight Energy|Foxglove Pharma|Granite Peak Bank|' +
  'Harborview Logistics|Ironbark Motors|Juniper Health|Kite and Key Publishing|Lumen Optics|Meadowlark Airlines|' +
  'Northwind Textiles|Orchard Robotics|Pebblestone Insurance|Quartzline Software|Riverbend Chemicals|' +
  'Silverfern Telecom|Tidewater Shipping|Umbra Games|Vantage Mills|Willowbrook Studios|Yellowstone Ceramics|' +
  'Zenith Instruments|Alder and Finch Consulting|Bluebell Bakeries|Cinder Works|Dovetail Furniture|' +
  'Eastgate Semiconductors|Fairweather Outdoor'
).split('|');

export const MONTHS = 'January February March April May June July August September October November December'.split(' ');
export const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Arithmetic word problems: people and countable things (plural forms used throughout). */
export const MATH_NAMES = (
  'Ana Ben Cleo Dev Eva Femi Gia Hal Ines Jon Kira Lars Mona Nico Olga Pax Rosa Sol Tara Uma Vic Wes Yuki Zane'
).split(' ');
export const MATH_ITEMS = (
  'apples pears marbles stamps coins shells pencils stickers books cards beads buttons cookies eggs plums ' +
  'rocks tickets candles ribbons acorns'
).split(' ');

/** Textbook: syllables for nonsense concept names (consonant-initial, never ending in s). */
export const TB_ONSETS = 'b d f g k l m n p r t v z br dr fl gl kr pl sk sn st tr'.split(' ');
export const TB_VOWELS = 'a e i o u'.split(' ');
export const TB_CODAS = ['', 'b', 'k', 'l', 'm', 'n', 'p', 'r', 't'];

/** Textbook properties, as the object of "have": "Every plimp has scales." / "Does a zorbel have scales?" */
export const TB_PROPERTIES = (
  'scales|fur|feathers|wings|a tail|horns|a shell|claws|fins|gills|whiskers|spots|stripes|antennae|a beak|' +
  'hooves|tusks|a mane|webbed feet|long ears|six legs|eight legs|a trunk|a crest|spines|a pouch|green blood|' +
  'two hearts|a long neck|sharp teeth|night vision|a loud call|thick skin|a striped tail|blue eyes|a forked tongue|' +
  'soft paws|a hard beak|glowing skin|curly horns'
).split('|');
