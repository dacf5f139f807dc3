/** The shop's catalogue: id, name, category, price in cents. Fixed data, so runs are comparable. */
export const products: readonly (readonly [string, string, string, number])[] = [
  ['p-100', 'Trail running shoes', 'shoes', 11900],
  ['p-101', 'Road running shoes', 'shoes', 12900],
  ['p-102', 'Hiking boots', 'shoes', 15900],
  ['p-103', 'Wool socks (3 pairs)', 'clothing', 1900],
  ['p-104', 'Rain jacket', 'clothing', 13900],
  ['p-105', 'Fleece pullover', 'clothing', 6900],
  ['p-106', 'Base layer shirt', 'clothing', 4500],
  ['p-107', 'Daypack 20 l', 'bags', 7900],
  ['p-108', 'Backpack 45 l', 'bags', 17900],
  ['p-109', 'Hydration bladder', 'bags', 3400],
  ['p-110', 'Head torch', 'gear', 3900],
  ['p-111', 'Trekking poles', 'gear', 8900],
  ['p-112', 'Water bottle', 'gear', 1500],
  ['p-113', 'Camping stove', 'gear', 6400],
  ['p-114', 'Sleeping bag', 'gear', 19900],
  ['p-115', 'Tent for two', 'gear', 29900],
  ['p-116', 'Sun hat', 'clothing', 2900],
  ['p-117', 'Running cap', 'clothing', 2200],
  ['p-118', 'Gaiters', 'gear', 3600],
  ['p-119', 'First-aid kit', 'gear', 2700],
]

/** Words people search for, weighted by how often the traffic generators use them. */
export const searchTerms = [
  'shoes',
  'jacket',
  'socks',
  'backpack',
  'tent',
  'torch',
  'running',
  'bottle',
  'boots',
]
